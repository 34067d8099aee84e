package io.keystash.vault.format;

/** The file was written by a Keystash whose format major version we do not know. */
public final class NewerFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int major;

    public NewerFormatException(int major) {
        super("format version " + major + " is newer than this Keystash understands", null, false, false);
        this.major = major;
    }

    public int major() {
        return major;
    }
}
