package io.keystash.vault.crypto;

import java.util.Arrays;

/**
 * The vault's random 256-bit data key (DEK) and the purpose keys derived from it with HKDF.
 *
 * <p>Only the key slots ever see the raw DEK (to wrap it); everything else uses a purpose key,
 * so a MAC key can never be confused with an encryption key. {@link #close()} wipes them all.
 */
public final class DataKey implements AutoCloseable {
    public static final int BYTES = 32;

    private final byte[] raw;
    private final byte[] recordKey;
    private final byte[] recordIdKey;
    private final byte[] fileMacKey;
    private final byte[] auditKey;

    private DataKey(byte[] raw) {
        if (raw.length != BYTES) {
            throw new IllegalArgumentException("a data key has 32 bytes");
        }
        this.raw = raw;
        this.recordKey = Hkdf.derive(raw, null, "keystash v1 record encryption");
        this.recordIdKey = Hkdf.derive(raw, null, "keystash v1 record id");
        this.fileMacKey = Hkdf.derive(raw, null, "keystash v1 file mac");
        this.auditKey = Hkdf.derive(raw, null, "keystash v1 audit chain");
    }

    /** A fresh random data key for a new vault. */
    public static DataKey generate() {
        return new DataKey(CryptoRandom.bytes(BYTES));
    }

    /** Takes ownership of unwrapped key bytes. */
    public static DataKey of(byte[] raw) {
        return new DataKey(raw);
    }

    /** The raw key, only for wrapping it into a key slot. */
    public byte[] rawForWrapping() {
        return raw;
    }

    /** AES-256-GCM key for records. */
    public byte[] recordKey() {
        return recordKey;
    }

    /** HMAC key that turns names into opaque record ids. */
    public byte[] recordIdKey() {
        return recordIdKey;
    }

    /** HMAC key for the MAC over the whole vault file. */
    public byte[] fileMacKey() {
        return fileMacKey;
    }

    /** HMAC key for the audit log's hash chain. */
    public byte[] auditKey() {
        return auditKey;
    }

    @Override
    public void close() {
        Arrays.fill(raw, (byte) 0);
        Arrays.fill(recordKey, (byte) 0);
        Arrays.fill(recordIdKey, (byte) 0);
        Arrays.fill(fileMacKey, (byte) 0);
        Arrays.fill(auditKey, (byte) 0);
    }

    @Override
    public String toString() {
        return "DataKey[***]";
    }
}
