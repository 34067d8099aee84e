package io.keystash.vault.format;

import io.keystash.vault.crypto.HmacSha256;
import io.keystash.vault.crypto.Sha256;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The byte layout of a vault file (see {@code vault-core/FORMAT.md}): magic, version, header,
 * header checksum, sealed records, file MAC.
 */
public final class VaultCodec {
    public static final byte[] MAGIC = "KEYSTASH".getBytes(StandardCharsets.US_ASCII);
    public static final int MAJOR = 1;
    public static final int MINOR = 0;
    public static final int CIPHER_AES_256_GCM = 1;

    static final int MAX_HEADER_BYTES = 64 * 1024;
    static final int MAX_SLOTS = 32;
    static final int MAX_RECORDS = 10_000_000;
    /** A record holds at most one 64 KiB value or one key's metadata; 1 MiB leaves ample room. */
    public static final int MAX_RECORD_BYTES = 1024 * 1024;
    static final int CHECKSUM_BYTES = 32;

    private VaultCodec() {
    }

    /** Splits a file into its parts, checking structure and the header checksum. */
    public static ParsedVault parse(byte[] file) throws MalformedException, NewerFormatException {
        ByteReader in = new ByteReader(file);
        if (file.length < MAGIC.length + 2 || !Arrays.equals(in.bytes(MAGIC.length), MAGIC)) {
            throw new MalformedException("not a Keystash vault (no KEYSTASH signature)");
        }
        int major = in.u8();
        int minor = in.u8();
        if (major > MAJOR) {
            throw new NewerFormatException(major);
        }
        if (major != MAJOR) {
            throw new MalformedException("unknown format version " + major);
        }
        int headerLength = in.u32();
        if (headerLength > MAX_HEADER_BYTES) {
            throw new MalformedException("header length " + headerLength + " exceeds " + MAX_HEADER_BYTES);
        }
        int headerStart = in.skip(headerLength);
        byte[] checksum = in.bytes(CHECKSUM_BYTES);
        if (!MessageDigest.isEqual(checksum, sha256(file, 0, headerStart + headerLength))) {
            throw new MalformedException("header checksum mismatch");
        }
        Header header = readHeader(new ByteReader(file, headerStart, headerLength), minor);

        int count = in.u32();
        if (count > MAX_RECORDS || count > in.remaining() / (RecordId.BYTES + 4)) {
            throw new MalformedException("record count " + count + " is impossible for this file");
        }
        RecordTable table = RecordTable.read(in, file, count);
        in.skip(HmacSha256.LENGTH);
        if (in.hasRemaining()) {
            throw new MalformedException(in.remaining() + " unexpected bytes after the file MAC");
        }
        return new ParsedVault(header, table, file);
    }

    /**
     * True when the file's trailing MAC is right for {@code fileMacKey}. The MAC is
     * HMAC-SHA256(K_file, SHA-256(everything before it)): a large vault's bulk hashing runs on the
     * JDK's SHA-256, which uses the CPU's SHA instructions (see {@link Sha256}).
     */
    public static boolean macMatches(byte[] file, byte[] fileMacKey) {
        int macStart = file.length - HmacSha256.LENGTH;
        byte[] expected = fileMac(fileMacKey, file, macStart);
        return HmacSha256.matches(expected, Arrays.copyOfRange(file, macStart, file.length));
    }

    /** The file MAC of the first {@code length} bytes of {@code file}. */
    public static byte[] fileMac(byte[] fileMacKey, byte[] file, int length) {
        return new HmacSha256(fileMacKey).update(sha256(file, 0, length)).finish();
    }

    /** Lays out a whole file; records are written in id order, which reveals nothing. */
    public static byte[] write(Header header, Map<RecordId, byte[]> records, byte[] fileMacKey) {
        TreeMap<RecordId, byte[]> sorted = new TreeMap<>(records);
        return write(header, new SortedRecords() {
            @Override
            public int count() {
                return sorted.size();
            }

            @Override
            public void visit(Visitor visitor) {
                for (Map.Entry<RecordId, byte[]> record : sorted.entrySet()) {
                    byte[] id = record.getKey().bytes();
                    visitor.record(id, 0, record.getValue(), 0, record.getValue().length);
                }
            }
        }, fileMacKey);
    }

    /** Lays out a whole file from records already in id order. */
    public static byte[] write(Header header, SortedRecords records, byte[] fileMacKey) {
        ByteWriter headerBytes = new ByteWriter(512);
        headerBytes.u8(CIPHER_AES_256_GCM).u8(header.slots().size());
        for (KeySlot slot : header.slots()) {
            SlotCodec.write(headerBytes, slot);
        }
        headerBytes.u16(0); // extensions: none in 1.0

        ByteWriter out = new ByteWriter(1024 + headerBytes.size() + records.count() * (RecordId.BYTES + 4 + 96));
        out.bytes(MAGIC).u8(MAJOR).u8(MINOR).u32(headerBytes.size()).bytes(headerBytes.toByteArray());
        byte[] soFar = out.toByteArray();
        out.bytes(sha256(soFar, 0, soFar.length));
        out.u32(records.count());
        records.visit((idBuffer, idOffset, sealed, offset, length) ->
                out.bytes(idBuffer, idOffset, RecordId.BYTES).u32(length).bytes(sealed, offset, length));
        byte[] body = out.toByteArray();
        return out.bytes(fileMac(fileMacKey, body, body.length)).toByteArray();
    }

    private static Header readHeader(ByteReader in, int minor) throws MalformedException {
        int cipher = in.u8();
        if (cipher != CIPHER_AES_256_GCM) {
            throw new MalformedException("unknown cipher id " + cipher);
        }
        int slotCount = in.u8();
        if (slotCount < 1 || slotCount > MAX_SLOTS) {
            throw new MalformedException("key slot count " + slotCount + " outside 1.." + MAX_SLOTS);
        }
        List<KeySlot> slots = new ArrayList<>(slotCount);
        for (int i = 0; i < slotCount; i++) {
            slots.add(SlotCodec.read(in));
        }
        int extensions = in.u16();
        for (int i = 0; i < extensions; i++) {
            in.u16();
            in.skip(in.u16());
        }
        if (in.hasRemaining()) {
            throw new MalformedException("header has " + in.remaining() + " unexpected bytes");
        }
        return new Header(minor, slots);
    }

    private static byte[] sha256(byte[] data, int offset, int length) {
        return Sha256.of(data, offset, length);
    }
}
