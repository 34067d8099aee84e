package io.keystash.vault.format;

/** What an encrypted record holds. The kind is part of the record id, never stored in clear. */
public enum RecordKind {
    /** The list of key and profile names, and vault-wide settings. One per vault. */
    CATALOG("catalog"),
    /** A key's metadata and version list. */
    KEY("key"),
    /** One version of a key's value: raw UTF-8 bytes. */
    VALUE("value"),
    /** A profile's bindings. */
    PROFILE("profile");

    private final String tag;

    RecordKind(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }
}
