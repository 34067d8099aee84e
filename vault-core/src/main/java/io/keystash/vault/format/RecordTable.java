package io.keystash.vault.format;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The record table of a vault file, read in place: an array of offsets, no object per record.
 * Ids are stored sorted, so a record is found by binary search; reading a profile from a vault of
 * 100,000 keys touches a few dozen records.
 */
public final class RecordTable implements SortedRecords {
    private final byte[] file;
    private final int[] offsets;

    private RecordTable(byte[] file, int[] offsets) {
        this.file = file;
        this.offsets = offsets;
    }

    /** Reads {@code count} records at the reader's position, checking lengths and id order. */
    static RecordTable read(ByteReader in, byte[] file, int count) throws MalformedException {
        int[] offsets = new int[count];
        int previous = -1;
        for (int i = 0; i < count; i++) {
            int start = in.skip(RecordId.BYTES);
            int length = in.u32();
            if (length > VaultCodec.MAX_RECORD_BYTES) {
                throw new MalformedException("record " + i + " length " + length + " exceeds " + VaultCodec.MAX_RECORD_BYTES);
            }
            in.skip(length);
            if (previous >= 0 && Arrays.compareUnsigned(file, previous, previous + RecordId.BYTES,
                    file, start, start + RecordId.BYTES) >= 0) {
                throw new MalformedException("record " + i + " is out of order or duplicates an id");
            }
            offsets[i] = start;
            previous = start;
        }
        return new RecordTable(file, offsets);
    }

    @Override
    public int count() {
        return offsets.length;
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

    public int sealedOffset(int index) {
        return offsets[index] + RecordId.BYTES + 4;
    }

    public int sealedLength(int index) {
        int at = offsets[index] + RecordId.BYTES;
        return (file[at] & 0xFF) << 24 | (file[at + 1] & 0xFF) << 16 | (file[at + 2] & 0xFF) << 8 | file[at + 3] & 0xFF;
    }

    @Override
    public void visit(Visitor visitor) {
        for (int i = 0; i < offsets.length; i++) {
            visitor.record(file, offsets[i], file, sealedOffset(i), sealedLength(i));
        }
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
