package io.keystash.vault.format;

/** What opens a key slot. The kind is in clear in the header, so an unlock tries only its own kind. */
public enum SlotKind {
    PASSPHRASE(1, "passphrase"),
    KEY_FILE(2, "key file"),
    IDENTITY(3, "identity");

    private final int code;
    private final String label;

    SlotKind(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The byte written in the header. */
    public int code() {
        return code;
    }

    /** Lower-case words for people: {@code passphrase}, {@code key file}, {@code identity}. */
    public String label() {
        return label;
    }

    static SlotKind ofCode(int code) throws MalformedException {
        for (SlotKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new MalformedException("unknown key slot kind " + code);
    }
}
