package io.keystash.vault.format;

import io.keystash.vault.crypto.HmacSha256;
import org.bouncycastle.crypto.digests.SHA256Digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
        if (count > MAX_RECORDS) {
            throw new MalformedException("record count " + count + " exceeds " + MAX_RECORDS);
        }
        Map<RecordId, byte[]> records = new LinkedHashMap<>(Math.min(count, 1 << 16) * 2);
        for (int i = 0; i < count; i++) {
            RecordId id = RecordId.read(in);
            int length = in.u32();
            if (length > MAX_RECORD_BYTES) {
                throw new MalformedException("record " + i + " length " + length + " exceeds " + MAX_RECORD_BYTES);
            }
            if (records.put(id, in.bytes(length)) != null) {
                throw new MalformedException("record " + i + " duplicates an earlier id");
            }
        }
        in.skip(HmacSha256.LENGTH);
        if (in.hasRemaining()) {
            throw new MalformedException(in.remaining() + " unexpected bytes after the file MAC");
        }
        return new ParsedVault(header, records, file);
    }

    /** True when the file's trailing MAC is right for {@code fileMacKey}. */
    public static boolean macMatches(byte[] file, byte[] fileMacKey) {
        int macStart = file.length - HmacSha256.LENGTH;
        byte[] expected = new HmacSha256(fileMacKey).update(file, 0, macStart).finish();
        return HmacSha256.matches(expected, Arrays.copyOfRange(file, macStart, file.length));
    }

    /** Lays out a whole file; records are written in id order, which reveals nothing. */
    public static byte[] write(Header header, Map<RecordId, byte[]> records, byte[] fileMacKey) {
        ByteWriter headerBytes = new ByteWriter(512);
        headerBytes.u8(CIPHER_AES_256_GCM).u8(header.slots().size());
        for (KeySlot slot : header.slots()) {
            SlotCodec.write(headerBytes, slot);
        }
        headerBytes.u16(0); // extensions: none in 1.0

        int estimate = 128 + headerBytes.size() + records.size() * (RecordId.BYTES + 4 + 64);
        ByteWriter out = new ByteWriter(estimate);
        out.bytes(MAGIC).u8(MAJOR).u8(MINOR).u32(headerBytes.size()).bytes(headerBytes.toByteArray());
        byte[] soFar = out.toByteArray();
        out.bytes(sha256(soFar, 0, soFar.length));
        out.u32(records.size());
        for (Map.Entry<RecordId, byte[]> record : new TreeMap<>(records).entrySet()) {
            out.bytes(record.getKey().bytes()).u32(record.getValue().length).bytes(record.getValue());
        }
        byte[] body = out.toByteArray();
        byte[] mac = new HmacSha256(fileMacKey).update(body).finish();
        return out.bytes(mac).toByteArray();
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
        SHA256Digest digest = new SHA256Digest();
        digest.update(data, offset, length);
        byte[] out = new byte[CHECKSUM_BYTES];
        digest.doFinal(out, 0);
        return out;
    }
}
