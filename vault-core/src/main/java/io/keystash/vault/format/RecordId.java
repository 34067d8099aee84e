package io.keystash.vault.format;

import io.keystash.vault.crypto.HmacSha256;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The opaque 16-byte id of an encrypted record: a keyed hash of what the record is (its kind and
 * name, and for values the version), so a reader can find one record without decrypting the rest
 * and nobody without the key learns any name.
 */
public final class RecordId implements Comparable<RecordId> {
    public static final int BYTES = 16;

    private final byte[] bytes;

    private RecordId(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The id of the record of {@code kind} named {@code name}. */
    public static RecordId of(byte[] idKey, RecordKind kind, String name) {
        return new Deriver(idKey).of(kind, name);
    }

    /** The id of version {@code version} of key {@code name}'s value. */
    public static RecordId ofValue(byte[] idKey, String name, int version) {
        return new Deriver(idKey).ofValue(name, version);
    }

    /**
     * Derives ids under one id key, keying the HMAC once: reading a profile derives two ids per
     * bound key, and a keyed HMAC halves the hashing of each. Not thread-safe.
     */
    public static final class Deriver {
        private final HmacSha256 mac;

        public Deriver(byte[] idKey) {
            mac = new HmacSha256(idKey);
        }

        /** As {@link RecordId#of(byte[], RecordKind, String)}. */
        public RecordId of(RecordKind kind, String name) {
            return derive(labelOf(kind, name));
        }

        /** As {@link RecordId#ofValue(byte[], String, int)}. */
        public RecordId ofValue(String name, int version) {
            return derive(valueLabelOf(name, version));
        }

        /**
         * The id of the record whose label is {@code label} ({@code kind\0name}, or {@code
         * value\0name\0version}), as {@link #labelOf} gives it.
         */
        public RecordId ofLabel(String label) {
            return derive(label);
        }

        /** Overwrites what the deriver's MAC keeps of the record-id key. */
        public void forget() {
            mac.forget();
        }

        private RecordId derive(String label) {
            byte[] tag = mac.update(label.getBytes(StandardCharsets.UTF_8)).finish();
            return new RecordId(Arrays.copyOf(tag, BYTES));
        }
    }

    /** The label of the record of {@code kind} named {@code name}: what its id is derived from. */
    public static String labelOf(RecordKind kind, String name) {
        return kind.tag() + "\0" + name;
    }

    /** The label of version {@code version} of key {@code name}'s value. */
    public static String valueLabelOf(String name, int version) {
        return RecordKind.VALUE.tag() + "\0" + name + "\0" + version;
    }

    static RecordId read(ByteReader in) throws MalformedException {
        return new RecordId(in.bytes(BYTES));
    }

    /** The id stored at {@code offset} of {@code buffer}. */
    public static RecordId at(byte[] buffer, int offset) {
        return new RecordId(Arrays.copyOfRange(buffer, offset, offset + BYTES));
    }

    /** The smallest possible id of MAC group {@code group} (its first byte is the group). */
    public static RecordId groupFloor(int group) {
        byte[] bytes = new byte[BYTES];
        bytes[0] = (byte) group;
        return new RecordId(bytes);
    }

    /** The MAC group this id belongs to: its first byte, unsigned (see {@link SortedRecords}). */
    public int group() {
        return bytes[0] & 0xFF;
    }

    /** Compares this id with the 16 bytes at {@code offset} of {@code buffer}, unsigned. */
    public int compareToBytes(byte[] buffer, int offset) {
        return Arrays.compareUnsigned(bytes, 0, BYTES, buffer, offset, offset + BYTES);
    }

    /** Copies the id's 16 bytes into {@code out} at {@code offset}. */
    public void copyTo(byte[] out, int offset) {
        System.arraycopy(bytes, 0, out, offset, BYTES);
    }

    /** A copy of the id's bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecordId that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(RecordId other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return "RecordId[" + java.util.HexFormat.of().formatHex(bytes, 0, 4) + "…]";
    }
}
