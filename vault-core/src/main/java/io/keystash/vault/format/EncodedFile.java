package io.keystash.vault.format;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A laid-out vault file as a few ranges of bytes, in file order: new arrays for what a change laid
 * out anew, and ranges of the file read at open for the record groups it did not touch.
 *
 * <p>Why not one array: a change to a large vault touches a few of its 256 record groups, and
 * copying the others into a fresh array of the file's size only to write it out cost a write of
 * an 8.8 MB vault about 4 ms (the array's page faults and the copy). Written part by part, the
 * untouched megabytes go from the buffer they were read and verified into straight to the file.
 */
public final class EncodedFile {
    private final List<ByteBuffer> parts;
    private final long length;
    private final FileGroups groups;
    private final boolean[] rewritten;
    private final byte[][] replaced;
    private final long[] replacedSizes;

    private EncodedFile(List<ByteBuffer> parts, long length, FileGroups groups, boolean[] rewritten, byte[][] replaced,
                        long[] replacedSizes) {
        this.parts = parts;
        this.length = length;
        this.groups = groups;
        this.rewritten = rewritten;
        this.replaced = replaced;
        this.replacedSizes = replacedSizes;
    }

    /**
     * For a rewritten group, the digest it had in the file as read (verified), or null when that
     * is not known or the group was not rewritten.
     */
    public byte[] replacedDigest(int group) {
        return replaced[group] == null ? null : replaced[group].clone();
    }

    /** The size that {@link #replacedDigest} goes with, or -1. */
    public long replacedSize(int group) {
        return replacedSizes[group];
    }

    /**
     * True when group {@code group} was laid out anew; false when it is the file's group as read
     * (and verified), byte for byte. A copy of the vault kept elsewhere at the state it was read
     * needs only the rewritten groups to become this file.
     */
    public boolean rewritten(int group) {
        return rewritten[group];
    }

    /** The file cut into front, record groups and MAC, with the digests computed while laying it out. */
    public FileGroups groups() {
        return groups;
    }

    /** The file's length in bytes. */
    public long length() {
        return length;
    }

    /** The parts in order, each a read-only view from its first byte: write them one after another. */
    public ByteBuffer[] parts() {
        ByteBuffer[] views = new ByteBuffer[parts.size()];
        for (int i = 0; i < views.length; i++) {
            views[i] = parts.get(i).asReadOnlyBuffer();
        }
        return views;
    }

    /** The whole file in one new array (exports, tests: not the path of a vault write). */
    public byte[] toByteArray() {
        byte[] out = new byte[Math.toIntExact(length)];
        int position = 0;
        for (ByteBuffer part : parts) {
            int size = part.remaining();
            part.duplicate().get(out, position, size);
            position += size;
        }
        return out;
    }

    /** Collects parts in order; a range that continues the previous one in the same array extends it. */
    static final class Builder {
        private final List<ByteBuffer> parts = new ArrayList<>();
        private long length;

        Builder add(byte[] array, int offset, int size) {
            if (size == 0) {
                return this;
            }
            int last = parts.size() - 1;
            if (last >= 0) {
                ByteBuffer previous = parts.get(last);
                int previousStart = previous.arrayOffset() + previous.position();
                if (previous.array() == array && previousStart + previous.remaining() == offset) {
                    parts.set(last, ByteBuffer.wrap(array, previousStart, previous.remaining() + size).slice());
                    length += size;
                    return this;
                }
            }
            parts.add(ByteBuffer.wrap(array, offset, size).slice());
            length += size;
            return this;
        }

        EncodedFile build(FileGroups groups, boolean[] rewritten, byte[][] replaced, long[] replacedSizes) {
            return new EncodedFile(List.copyOf(parts), length, groups, rewritten, replaced, replacedSizes);
        }
    }
}
