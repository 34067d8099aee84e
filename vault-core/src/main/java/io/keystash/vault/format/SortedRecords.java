package io.keystash.vault.format;

import java.nio.ByteBuffer;

/**
 * Sealed records in strictly increasing id order, as the file stores them, seen as the 256
 * <em>groups</em> of the file MAC (format 2): group {@code g} holds the records whose id starts
 * with byte {@code g}, contiguous in the file because ids are sorted. A writer copies an unchanged
 * group from the old file in one piece and reuses its verified digest, so a change to a few
 * records re-hashes a few groups, not the whole file.
 */
public interface SortedRecords {
    /** Number of record groups: one per value of an id's first byte. */
    int GROUPS = 256;

    /** How many records group {@code group} holds. */
    int count(int group);

    /** Bytes group {@code group} takes in a file: per record, id (16) + length (4) + sealed bytes. */
    long size(int group);

    /** Writes group {@code group} into {@code out} from {@code offset}, in id order; returns the offset after it. */
    int write(int group, byte[] out, int offset);

    /**
     * The SHA-256 of group {@code group}'s bytes when they are known not to have changed since
     * they were hashed (and that hash was part of a verified file MAC), else null.
     */
    default byte[] knownDigest(int group) {
        return null;
    }

    /**
     * Group {@code group}'s bytes where they already lie, as they are to be written, when its
     * {@link #knownDigest} is known: a range of the file read at open, so writing need not copy
     * them first. Null when the group must be laid out with {@link #write}.
     */
    default ByteBuffer unchangedBytes(int group) {
        return null;
    }

    /**
     * The SHA-256 of group {@code group} as the file was read (verified by its MAC), even when the
     * group has changed since; null when there was no file or its digests are not known. A copy
     * of the vault kept elsewhere can then drop the group it no longer needs.
     */
    default byte[] digestAsRead(int group) {
        return null;
    }

    /** The size of group {@code group} as the file was read, or -1 (see {@link #digestAsRead}). */
    default long sizeAsRead(int group) {
        return -1;
    }

    /** How many records there are in all. */
    default int count() {
        int count = 0;
        for (int group = 0; group < GROUPS; group++) {
            count += count(group);
        }
        return count;
    }
}
