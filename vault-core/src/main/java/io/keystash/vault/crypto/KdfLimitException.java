package io.keystash.vault.crypto;

/** KDF parameters outside what Keystash accepts (too weak to create, or too costly to read). */
public final class KdfLimitException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public KdfLimitException(String message) {
        super(message);
    }
}
