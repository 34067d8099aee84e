package io.keystash.vault.format;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The record table of a vault file, read in place: an array of offsets, no object per record.
 * Ids are stored sorted, so a record is found by binary search; reading a profile from a vault of
 * 100,000 keys touches a few dozen records. The table also knows where each of the MAC's record
 * groups starts (see {@link SortedRecords}) and, once the file MAC was checked, each group's digest.
 */
public final class RecordTable implements SortedRecords {
    /**
     * Records checked per call of {@link #scan}: the scan runs once per process over up to millions
     * of records, and a loop inside one long call stays in the interpreter far longer than a short
     * method called many times, which the JIT compiles after a few hundred calls.
     */
    private static final int SCAN_CHUNK = 64;
    private static final int RECORD_OVERHEAD = RecordId.BYTES + 4;

    private final byte[] file;
    private final int[] offsets;
    private final int end;
    /** Index of the first record of each group; {@code groupStart[GROUPS]} is the record count. */
    private final int[] groupStart;
    private byte[][] digests;

    private RecordTable(byte[] file, int[] offsets, int end) {
        this.file = file;
        this.offsets = offsets;
        this.end = end;
        this.groupStart = new int[GROUPS + 1];
        for (int group = 0; group <= GROUPS; group++) {
            groupStart[group] = firstIndexOfGroup(group);
        }
    }

    /**
     * Reads {@code count} records from {@code start} of {@code file}, checking lengths (at most
     * {@code maxRecordBytes}, within the file) and id order.
     */
    static RecordTable read(byte[] file, int start, int count, int maxRecordBytes) throws MalformedException {
        int[] offsets = new int[count];
        int position = start;
        for (int from = 0; from < count; from += SCAN_CHUNK) {
            position = scan(file, position, offsets, from, Math.min(count, from + SCAN_CHUNK), maxRecordBytes);
        }
        return new RecordTable(file, offsets, position);
    }

    /** Checks records {@code from..to-1} starting at {@code position}; returns the offset after them. */
    private static int scan(byte[] file, int position, int[] offsets, int from, int to, int maxRecordBytes)
            throws MalformedException {
        int limit = file.length;
        for (int i = from; i < to; i++) {
            if (limit - position < RECORD_OVERHEAD) {
                throw new MalformedException("unexpected end of data at byte " + position);
            }
            int at = position + RecordId.BYTES;
            int length = (file[at] & 0xFF) << 24 | (file[at + 1] & 0xFF) << 16 | (file[at + 2] & 0xFF) << 8 | file[at + 3] & 0xFF;
            if (length < 0) {
                throw new MalformedException("length out of range at byte " + at);
            }
            if (length > maxRecordBytes) {
                throw new MalformedException("record " + i + " length " + length + " exceeds " + maxRecordBytes);
            }
            if (length > limit - position - RECORD_OVERHEAD) {
                throw new MalformedException("unexpected end of data at byte " + (at + 4));
            }
            if (i > 0 && !idsIncrease(file, offsets[i - 1], position)) {
                throw new MalformedException("record " + i + " is out of order or duplicates an id");
            }
            offsets[i] = position;
            position += RECORD_OVERHEAD + length;
        }
        return position;
    }

    /** True when the id at {@code later} is greater (unsigned) than the id at {@code earlier}. */
    private static boolean idsIncrease(byte[] file, int earlier, int later) {
        for (int k = 0; k < RecordId.BYTES; k++) {
            int a = file[earlier + k] & 0xFF;
            int b = file[later + k] & 0xFF;
            if (a != b) {
                return b > a;
            }
        }
        return false;
    }

    /** Index of the first record whose id's first byte is at least {@code group} (binary search). */
    private int firstIndexOfGroup(int group) {
        int low = 0;
        int high = offsets.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if ((file[offsets[mid]] & 0xFF) < group) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    @Override
    public int count() {
        return offsets.length;
    }

    /** Where the record section starts in the file (the first record, or its end when empty). */
    int start() {
        return offsets.length == 0 ? end : offsets[0];
    }

    /** Where the record section ends in the file: the offset of the file MAC. */
    int end() {
        return end;
    }

    /** Index of the record with {@code id}, or -1. */
    public int indexOf(RecordId id) {
        int low = 0;
        int high = offsets.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int order = id.compareToBytes(file, offsets[mid]);
            if (order == 0) {
                return mid;
            }
            if (order > 0) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return -1;
    }

    public RecordId id(int index) {
        return RecordId.at(file, offsets[index]);
    }

    public byte[] buffer() {
        return file;
    }

    /** Offset of record {@code index}'s id in {@link #buffer()}. */
    public int idOffset(int index) {
        return offsets[index];
    }

    public int sealedOffset(int index) {
        return offsets[index] + RECORD_OVERHEAD;
    }

    public int sealedLength(int index) {
        int at = offsets[index] + RecordId.BYTES;
        return (file[at] & 0xFF) << 24 | (file[at + 1] & 0xFF) << 16 | (file[at + 2] & 0xFF) << 8 | file[at + 3] & 0xFF;
    }

    /** Index of group {@code group}'s first record (its records are {@code first(g)..first(g+1)-1}). */
    public int firstOfGroup(int group) {
        return groupStart[group];
    }

    /** Offset in the file where group {@code group} starts. */
    int groupOffset(int group) {
        int index = groupStart[group];
        return index < offsets.length ? offsets[index] : end;
    }

    @Override
    public int count(int group) {
        return groupStart[group + 1] - groupStart[group];
    }

    @Override
    public long size(int group) {
        return groupOffset(group + 1) - groupOffset(group);
    }

    @Override
    public int write(int group, byte[] out, int offset) {
        int from = groupOffset(group);
        int length = groupOffset(group + 1) - from;
        System.arraycopy(file, from, out, offset, length);
        return offset + length;
    }

    @Override
    public byte[] knownDigest(int group) {
        return digests == null ? null : digests[group];
    }

    @Override
    public ByteBuffer unchangedBytes(int group) {
        if (digests == null) {
            return null;
        }
        int from = groupOffset(group);
        return ByteBuffer.wrap(file, from, groupOffset(group + 1) - from).slice();
    }

    @Override
    public byte[] digestAsRead(int group) {
        return knownDigest(group);
    }

    @Override
    public long sizeAsRead(int group) {
        return size(group);
    }

    /** Remembers the group digests that a successful file MAC check computed over this table. */
    void rememberDigests(byte[][] verified) {
        digests = verified;
    }

    /** Copies of every record by id, in file order: for tools and tests, not the hot path. */
    public Map<RecordId, byte[]> toMap() {
        Map<RecordId, byte[]> records = new LinkedHashMap<>();
        for (int i = 0; i < offsets.length; i++) {
            int offset = sealedOffset(i);
            records.put(id(i), Arrays.copyOfRange(file, offset, offset + sealedLength(i)));
        }
        return records;
    }
}
