package io.keystash.vault.format;

/** Bytes that do not follow the vault format; the message says where, never what they hold. */
public final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedException(String message) {
        super(message, null, false, false);
    }
}
