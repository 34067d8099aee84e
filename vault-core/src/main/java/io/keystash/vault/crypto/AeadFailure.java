package io.keystash.vault.crypto;

/** AES-GCM refused to open a ciphertext: wrong key, or the bytes or their context were changed. */
public final class AeadFailure extends Exception {
    private static final long serialVersionUID = 1L;

    AeadFailure() {
        super("authentication failed", null, false, false);
    }
}
