package io.keystash.vault.crypto;

import java.util.Arrays;

/**
 * The vault's random 256-bit data key (DEK) and the purpose keys derived from it with HKDF.
 *
 * <p>Only the key slots ever see the raw DEK (to wrap it); everything else uses a purpose key,
 * so a MAC key can never be confused with an encryption key. {@link #close()} wipes them all.
 *
 * <p>Each accessor hands out a copy that the caller wipes when done (the code that keys a cipher or
 * MAC with it does so in a {@code finally}): the arrays held here never leave, so no caller can
 * change them or keep them past {@link #close()}, and a use after close is refused instead of
 * quietly working with zeros.
 */
public final class DataKey implements AutoCloseable {
    public static final int BYTES = 32;

    private final byte[] raw;
    private final byte[] recordKey;
    private final byte[] recordIdKey;
    private final byte[] fileMacKey;
    private final byte[] auditKey;
    private boolean closed;

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

    /** A copy of the raw key, only for wrapping it into a key slot; the caller wipes it. */
    public byte[] rawForWrapping() {
        return copy(raw);
    }

    /** A copy of the AES-256-GCM key for records; the caller wipes it. */
    public byte[] recordKey() {
        return copy(recordKey);
    }

    /** A copy of the HMAC key that turns names into opaque record ids; the caller wipes it. */
    public byte[] recordIdKey() {
        return copy(recordIdKey);
    }

    /** A copy of the HMAC key for the MAC over the whole vault file; the caller wipes it. */
    public byte[] fileMacKey() {
        return copy(fileMacKey);
    }

    /** A copy of the HMAC key for the audit log's hash chain; the caller wipes it. */
    public byte[] auditKey() {
        return copy(auditKey);
    }

    private byte[] copy(byte[] key) {
        if (closed) {
            throw new IllegalStateException("the data key was closed");
        }
        return key.clone();
    }

    @Override
    public void close() {
        closed = true;
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
