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
    PROFILE("profile"),
    /** Every way into the vault: name, kind and public key of each key slot. One per vault (format 3). */
    MEMBERS("members"),
    /** The audit chain's keys of earlier data keys, so a rekey does not orphan the log. One per vault. */
    AUDIT_KEYS("audit keys"),
    /** Keys that removed members could read, until each is rotated. One per vault. */
    EXPOSURES("exposures"),
    /** Who made the last write (member, user@host, time): a shared copy names who changed it. One per vault. */
    WRITER("writer");

    private final String tag;

    RecordKind(String tag) {
        this.tag = tag;
    }

    /** The kind's name in record labels ({@code key}, {@code value}, …). */
    public String tag() {
        return tag;
    }
}
