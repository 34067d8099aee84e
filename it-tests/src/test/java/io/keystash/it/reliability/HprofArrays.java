package io.keystash.it.reliability;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A minimal reader of HPROF heap dumps that hands every primitive array to a visitor, its elements
 * as the dump stores them (big-endian). It walks the heap-dump sub-records and skips everything
 * else; the leak and key-material tests search the arrays it reports.
 */
final class HprofArrays {
    /** HPROF's basic types of the arrays reported. */
    static final int CHAR = 5;
    static final int BYTE = 8;
    static final int INT = 10;
    static final int LONG = 11;

    private static final int HEAP_DUMP = 0x0C;
    private static final int HEAP_DUMP_SEGMENT = 0x1C;

    /** Receives one primitive array: its basic type and its elements' bytes as dumped. */
    interface Visitor {
        void array(int type, byte[] content);
    }

    private final Visitor visitor;
    private int idSize;

    private HprofArrays(Visitor visitor) {
        this.visitor = visitor;
    }

    /** Reads {@code dump} and reports its char[], byte[], int[] and long[] arrays. */
    static void read(Path dump, Visitor visitor) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dump), 1 << 16))) {
            new HprofArrays(visitor).read(in);
        }
    }

    private void read(DataInputStream in) throws IOException {
        while (in.readByte() != 0) {
            // the header: "JAVA PROFILE 1.0.2\0"
        }
        idSize = in.readInt();
        in.readLong(); // timestamp
        while (true) {
            int tag;
            try {
                tag = in.readUnsignedByte();
            } catch (EOFException e) {
                return;
            }
            in.readInt(); // time offset
            long length = in.readInt() & 0xFFFFFFFFL;
            if (tag == HEAP_DUMP || tag == HEAP_DUMP_SEGMENT) {
                readHeap(in, length);
            } else {
                skip(in, length);
            }
        }
    }

    private void readHeap(DataInputStream in, long length) throws IOException {
        long read = 0;
        while (read < length) {
            int sub = in.readUnsignedByte();
            read += 1 + switch (sub) {
                case 0xFF, 0x05, 0x07 -> skip(in, idSize);
                case 0x01 -> skip(in, 2L * idSize);
                case 0x02, 0x03, 0x08 -> skip(in, idSize + 8L);
                case 0x04, 0x06 -> skip(in, idSize + 4L);
                case 0x20 -> classDump(in);
                case 0x21 -> {
                    skip(in, idSize + 4L + idSize);
                    int bytes = in.readInt();
                    yield 2L * idSize + 8 + skip(in, bytes);
                }
                case 0x22 -> {
                    skip(in, idSize + 4L);
                    int count = in.readInt();
                    skip(in, idSize);
                    yield 2L * idSize + 8 + skip(in, (long) count * idSize);
                }
                case 0x23 -> primitiveArray(in);
                default -> throw new IOException("unknown heap dump sub-record 0x" + Integer.toHexString(sub));
            };
        }
    }

    private long classDump(DataInputStream in) throws IOException {
        long read = skip(in, idSize + 4L + 6L * idSize + 4);
        int constants = in.readUnsignedShort();
        read += 2;
        for (int i = 0; i < constants; i++) {
            in.readUnsignedShort();
            read += 2 + 1 + skip(in, size(in.readUnsignedByte()));
        }
        int statics = in.readUnsignedShort();
        read += 2;
        for (int i = 0; i < statics; i++) {
            skip(in, idSize);
            read += idSize + 1 + skip(in, size(in.readUnsignedByte()));
        }
        int fields = in.readUnsignedShort();
        read += 2 + skip(in, (long) fields * (idSize + 1));
        return read;
    }

    private long primitiveArray(DataInputStream in) throws IOException {
        skip(in, idSize + 4L);
        int count = in.readInt();
        int type = in.readUnsignedByte();
        long bytes = (long) count * size(type);
        if ((type == CHAR || type == BYTE || type == INT || type == LONG) && bytes <= Integer.MAX_VALUE) {
            byte[] content = new byte[(int) bytes];
            in.readFully(content);
            visitor.array(type, content);
        } else {
            skip(in, bytes);
        }
        return idSize + 4L + 4 + 1 + bytes;
    }

    private int size(int type) throws IOException {
        return switch (type) {
            case 2 -> idSize;
            case 4, 8 -> 1;
            case 5, 9 -> 2;
            case 6, 10 -> 4;
            case 7, 11 -> 8;
            default -> throw new IOException("unknown basic type " + type);
        };
    }

    private static long skip(DataInputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                in.readByte();
                skipped = 1;
            }
            left -= skipped;
        }
        return bytes;
    }
}
