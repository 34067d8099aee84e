package io.keystash.vault.format;

import io.keystash.vault.crypto.HmacSha256;
import io.keystash.vault.crypto.Sha256;

import java.nio.ByteBuffer;
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
    /** The major version this code writes; it reads {@link #MAJOR_V2} and {@link #MAJOR_V1} files too. */
    public static final int MAJOR = 3;
    /** Format 2: symmetric key slots, no vault id or generation (see FORMAT.md). */
    public static final int MAJOR_V2 = 2;
    /** The first format: one SHA-256 over the whole file under the MAC (see FORMAT.md). */
    public static final int MAJOR_V1 = 1;
    public static final int MINOR = 0;
    public static final int CIPHER_AES_256_GCM = 1;

    static final int MAX_HEADER_BYTES = 64 * 1024;
    /** Format 3: a fleet has a slot per machine. 500 slots of about 110 bytes fit the header cap. */
    static final int MAX_SLOTS = 500;
    /** Formats 1 and 2. */
    static final int MAX_SLOTS_V2 = 32;
    static final int MAX_RECORDS = 10_000_000;
    /**
     * A record holds at most one 64 KiB value, one key's metadata, or the catalog of every key and
     * profile name, which is the one that grows: about 20 bytes per short name, 2 MB at 100,000 keys.
     */
    public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;
    /** Format 1's record cap, which the catalog passed near 75,000 keys. */
    static final int MAX_RECORD_BYTES_V1 = 1024 * 1024;
    static final int CHECKSUM_BYTES = 32;
    /** Bytes hashed by a format 2 file MAC: the digest of the front part, then one per record group. */
    private static final int MAC_INPUT_BYTES = Sha256.LENGTH * (1 + SortedRecords.GROUPS);

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
        if (major != MAJOR && major != MAJOR_V2 && major != MAJOR_V1) {
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
        Header header = readHeader(new ByteReader(file, headerStart, headerLength), major, minor);

        int count = in.u32();
        if (count > MAX_RECORDS || count > in.remaining() / (RecordId.BYTES + 4)) {
            throw new MalformedException("record count " + count + " is impossible for this file");
        }
        RecordTable table = RecordTable.read(file, in.position(), count, major == MAJOR_V1 ? MAX_RECORD_BYTES_V1 : MAX_RECORD_BYTES);
        int macSpace = file.length - table.end();
        if (macSpace < HmacSha256.LENGTH) {
            throw new MalformedException("unexpected end of data at byte " + file.length);
        }
        if (macSpace > HmacSha256.LENGTH) {
            throw new MalformedException((macSpace - HmacSha256.LENGTH) + " unexpected bytes after the file MAC");
        }
        return new ParsedVault(header, table, file, major);
    }

    /**
     * Parses the front of a format {@link #MAJOR} file on its own (magic through record count, as
     * {@link FileGroups} keeps it): structure and header checksum; returns the header.
     */
    static Header parseFront(byte[] front) throws MalformedException, NewerFormatException {
        ByteReader in = new ByteReader(front);
        if (front.length < MAGIC.length + 2 || !Arrays.equals(in.bytes(MAGIC.length), MAGIC)) {
            throw new MalformedException("not a Keystash vault (no KEYSTASH signature)");
        }
        int major = in.u8();
        int minor = in.u8();
        if (major > MAJOR) {
            throw new NewerFormatException(major);
        }
        if (major != MAJOR) {
            throw new MalformedException("format version " + major + " cannot be shared");
        }
        int headerLength = in.u32();
        if (headerLength > MAX_HEADER_BYTES) {
            throw new MalformedException("header length " + headerLength + " exceeds " + MAX_HEADER_BYTES);
        }
        int headerStart = in.skip(headerLength);
        byte[] checksum = in.bytes(CHECKSUM_BYTES);
        if (!MessageDigest.isEqual(checksum, sha256(front, 0, headerStart + headerLength))) {
            throw new MalformedException("header checksum mismatch");
        }
        Header header = readHeader(new ByteReader(front, headerStart, headerLength), major, minor);
        int count = in.u32();
        if (count > MAX_RECORDS) {
            throw new MalformedException("record count " + count + " exceeds " + MAX_RECORDS);
        }
        if (in.hasRemaining()) {
            throw new MalformedException(in.remaining() + " unexpected bytes after the record count");
        }
        return header;
    }

    /** True when {@code file} is a well-formed vault whose trailing MAC is right for {@code fileMacKey}. */
    public static boolean macMatches(byte[] file, byte[] fileMacKey) {
        try {
            return macMatches(parse(file), fileMacKey);
        } catch (MalformedException | NewerFormatException e) {
            return false;
        }
    }

    /**
     * True when the parsed file's trailing MAC is right for {@code fileMacKey}. For a format 2 file
     * the record groups' digests are then kept in its table, so that writing the vault back re-hashes
     * only the groups that changed.
     */
    public static boolean macMatches(ParsedVault parsed, byte[] fileMacKey) {
        byte[] file = parsed.file();
        byte[][] groups = parsed.major() == MAJOR_V1 ? null : new byte[SortedRecords.GROUPS][];
        byte[] expected = expectedMac(parsed, fileMacKey, groups);
        if (!HmacSha256.matches(expected, Arrays.copyOfRange(file, file.length - HmacSha256.LENGTH, file.length))) {
            return false;
        }
        if (groups != null) {
            parsed.table().rememberDigests(groups);
        }
        return true;
    }

    /**
     * The MAC the parsed file should end with. Format 1: HMAC-SHA256(K_file, SHA-256(every byte
     * before it)). Format 2: HMAC-SHA256(K_file, SHA-256(front) || SHA-256(group 0) || … ||
     * SHA-256(group 255)), the front being every byte before the first record; the group digests are
     * stored in {@code groups} when it is not null.
     */
    static byte[] expectedMac(ParsedVault parsed, byte[] fileMacKey, byte[][] groups) {
        byte[] file = parsed.file();
        int macStart = file.length - HmacSha256.LENGTH;
        if (parsed.major() == MAJOR_V1) {
            return HmacSha256.of(fileMacKey, sha256(file, 0, macStart));
        }
        RecordTable table = parsed.table();
        byte[] macInput = new byte[MAC_INPUT_BYTES];
        System.arraycopy(sha256(file, 0, table.start()), 0, macInput, 0, Sha256.LENGTH);
        byte[][] digests = GroupDigests.of(table);
        for (int group = 0; group < SortedRecords.GROUPS; group++) {
            System.arraycopy(digests[group], 0, macInput, Sha256.LENGTH * (group + 1), Sha256.LENGTH);
            if (groups != null) {
                groups[group] = digests[group];
            }
        }
        return HmacSha256.of(fileMacKey, macInput);
    }

    /** Lays out a whole file; records are written in id order, which reveals nothing. */
    public static byte[] write(Header header, Map<RecordId, byte[]> records, byte[] fileMacKey) {
        return write(header, new MapRecords(new TreeMap<>(records)), fileMacKey);
    }

    /** Lays out a whole file (format {@link #MAJOR}) in one array: {@link #layout}'s parts joined. */
    public static byte[] write(Header header, SortedRecords records, byte[] fileMacKey) {
        return layout(header, records, fileMacKey).toByteArray();
    }

    /**
     * Lays out a whole file (format {@link #MAJOR}) from records already in id order. Groups whose
     * digest {@code records} already knows are neither hashed nor copied: their parts are the
     * bytes they were read and verified in. Consecutive groups laid out anew share one array of
     * their exact size.
     */
    public static EncodedFile layout(Header header, SortedRecords records, byte[] fileMacKey) {
        byte[] frontBytes = front(header, records.count());
        long total = frontBytes.length + HmacSha256.LENGTH;
        long toHash = frontBytes.length;
        long[] sizes = new long[SortedRecords.GROUPS];
        byte[][] known = new byte[SortedRecords.GROUPS][];
        ByteBuffer[] unchanged = new ByteBuffer[SortedRecords.GROUPS];
        for (int group = 0; group < SortedRecords.GROUPS; group++) {
            sizes[group] = records.size(group);
            known[group] = records.knownDigest(group);
            unchanged[group] = known[group] == null ? null : records.unchangedBytes(group);
            total += sizes[group];
            toHash += unchanged[group] == null ? sizes[group] : 0;
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("a vault file of " + total + " bytes cannot be laid out in memory");
        }

        Sha256.Hasher hasher = Sha256.hasher(toHash);
        byte[] macInput = new byte[MAC_INPUT_BYTES];
        System.arraycopy(hasher.digest(frontBytes, 0, frontBytes.length), 0, macInput, 0, Sha256.LENGTH);
        EncodedFile.Builder file = new EncodedFile.Builder().add(frontBytes, 0, frontBytes.length);
        int group = 0;
        while (group < SortedRecords.GROUPS) {
            ByteBuffer bytes = unchanged[group];
            if (bytes != null) {
                file.add(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
                System.arraycopy(known[group], 0, macInput, Sha256.LENGTH * (group + 1), Sha256.LENGTH);
                group++;
                continue;
            }
            int end = group;
            long runBytes = 0;
            while (end < SortedRecords.GROUPS && unchanged[end] == null) {
                runBytes += sizes[end];
                end++;
            }
            byte[] run = new byte[(int) runBytes];
            int position = 0;
            for (; group < end; group++) {
                int start = position;
                position = records.write(group, run, position);
                byte[] digest = hasher.digest(run, start, position - start);
                System.arraycopy(digest, 0, macInput, Sha256.LENGTH * (group + 1), Sha256.LENGTH);
            }
            file.add(run, 0, run.length);
        }
        byte[] mac = HmacSha256.of(fileMacKey, macInput);
        byte[][] digests = new byte[SortedRecords.GROUPS][];
        for (int g = 0; g < SortedRecords.GROUPS; g++) {
            digests[g] = Arrays.copyOfRange(macInput, Sha256.LENGTH * (g + 1), Sha256.LENGTH * (g + 2));
        }
        FileGroups groups = new FileGroups(header, frontBytes, sizes, digests, mac.clone());
        boolean[] rewritten = new boolean[SortedRecords.GROUPS];
        byte[][] replaced = new byte[SortedRecords.GROUPS][];
        long[] replacedSizes = new long[SortedRecords.GROUPS];
        for (int g = 0; g < SortedRecords.GROUPS; g++) {
            rewritten[g] = unchanged[g] == null;
            replaced[g] = rewritten[g] ? records.digestAsRead(g) : null;
            replacedSizes[g] = replaced[g] == null ? -1 : records.sizeAsRead(g);
        }
        return file.add(mac, 0, mac.length).build(groups, rewritten, replaced, replacedSizes);
    }

    /** Magic, versions, header, header checksum and record count: every byte before the first record. */
    private static byte[] front(Header header, int recordCount) {
        if (header.vaultId() == null) {
            throw new IllegalArgumentException("a format " + MAJOR + " header needs a vault id");
        }
        if (header.slots().size() > MAX_SLOTS) {
            throw new IllegalArgumentException("more than " + MAX_SLOTS + " key slots");
        }
        ByteWriter headerBytes = new ByteWriter(512);
        headerBytes.u8(CIPHER_AES_256_GCM).bytes(header.vaultId().bytes()).u64(header.generation())
                .u16(header.slots().size());
        for (KeySlot slot : header.slots()) {
            SlotCodec.write(headerBytes, slot);
        }
        headerBytes.u16(0); // extensions: none in 3.0
        if (headerBytes.size() > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("the header would be " + headerBytes.size() + " bytes, over " + MAX_HEADER_BYTES);
        }

        ByteWriter front = new ByteWriter(64 + headerBytes.size());
        front.bytes(MAGIC).u8(MAJOR).u8(MINOR).u32(headerBytes.size()).bytes(headerBytes.toByteArray());
        byte[] soFar = front.toByteArray();
        front.bytes(sha256(soFar, 0, soFar.length)).u32(recordCount);
        return front.toByteArray();
    }

    /** Records held in a sorted map (tools, tests, small copies): grouped through sub-maps. */
    private static final class MapRecords implements SortedRecords {
        private final TreeMap<RecordId, byte[]> sorted;

        MapRecords(TreeMap<RecordId, byte[]> sorted) {
            this.sorted = sorted;
        }

        private Map<RecordId, byte[]> group(int group) {
            return group == GROUPS - 1 ? sorted.tailMap(RecordId.groupFloor(group), true)
                    : sorted.subMap(RecordId.groupFloor(group), true, RecordId.groupFloor(group + 1), false);
        }

        @Override
        public int count(int group) {
            return group(group).size();
        }

        @Override
        public long size(int group) {
            long size = 0;
            for (byte[] sealed : group(group).values()) {
                size += RecordId.BYTES + 4 + sealed.length;
            }
            return size;
        }

        @Override
        public int write(int group, byte[] out, int offset) {
            int position = offset;
            for (Map.Entry<RecordId, byte[]> record : group(group).entrySet()) {
                position = writeRecord(record.getKey(), record.getValue(), out, position);
            }
            return position;
        }
    }

    /** Writes one record (id, length, sealed bytes) at {@code offset}; returns the offset after it. */
    public static int writeRecord(RecordId id, byte[] sealed, byte[] out, int offset) {
        id.copyTo(out, offset);
        int at = offset + RecordId.BYTES;
        int length = sealed.length;
        out[at] = (byte) (length >>> 24);
        out[at + 1] = (byte) (length >>> 16);
        out[at + 2] = (byte) (length >>> 8);
        out[at + 3] = (byte) length;
        System.arraycopy(sealed, 0, out, at + 4, length);
        return at + 4 + length;
    }

    private static Header readHeader(ByteReader in, int major, int minor) throws MalformedException {
        int cipher = in.u8();
        if (cipher != CIPHER_AES_256_GCM) {
            throw new MalformedException("unknown cipher id " + cipher);
        }
        VaultId vaultId = null;
        long generation = 0;
        int slotCount;
        int maxSlots;
        if (major == MAJOR) {
            vaultId = VaultId.of(in.bytes(VaultId.BYTES));
            generation = in.u64();
            if (generation < 0) {
                throw new MalformedException("generation out of range");
            }
            slotCount = in.u16();
            maxSlots = MAX_SLOTS;
        } else {
            slotCount = in.u8();
            maxSlots = MAX_SLOTS_V2;
        }
        if (slotCount < 1 || slotCount > maxSlots) {
            throw new MalformedException("key slot count " + slotCount + " outside 1.." + maxSlots);
        }
        List<KeySlot> slots = new ArrayList<>(slotCount);
        for (int i = 0; i < slotCount; i++) {
            // format 1 and 2 slots have no id: they are numbered in header order
            slots.add(major == MAJOR ? SlotCodec.read(in) : SlotCodec.readLegacy(in, i + 1));
        }
        String problem = Header.problem(slots);
        if (problem != null) {
            throw new MalformedException(problem);
        }
        int extensions = in.u16();
        for (int i = 0; i < extensions; i++) {
            in.u16();
            in.skip(in.u16());
        }
        if (in.hasRemaining()) {
            throw new MalformedException("header has " + in.remaining() + " unexpected bytes");
        }
        return new Header(minor, vaultId, generation, slots);
    }

    private static byte[] sha256(byte[] data, int offset, int length) {
        return Sha256.of(data, offset, length);
    }
}
