package io.keystash.it.reliability;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds a value in an HPROF heap dump and says in which kind of array it sits: a {@code byte[]}
 * that is exactly the value (a String's contents in Latin-1, or a copy), a larger {@code byte[]}
 * that contains it (a buffer: decrypted record, stream, encoder), or a {@code char[]} (UTF-16).
 * A minimal reader of the HPROF format: it walks heap-dump sub-records and looks only inside
 * primitive arrays.
 */
final class HeapDumpScan {
    private static final int HEAP_DUMP = 0x0C;
    private static final int HEAP_DUMP_SEGMENT = 0x1C;

    int exactByteArrays;
    int largerByteArrays;
    int charArrays;
    int arraysScanned;
    /** For each larger byte[]: its length and the text around the value (the value itself masked). */
    final java.util.List<String> largerContexts = new java.util.ArrayList<>();

    private final byte[] latin1;
    private final byte[] utf16;
    private int idSize;

    private HeapDumpScan(Canary canary) {
        this.latin1 = canary.value().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        this.utf16 = canary.value().getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
    }

    static HeapDumpScan of(Path dump, Canary canary) throws IOException {
        HeapDumpScan scan = new HeapDumpScan(canary);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dump), 1 << 16))) {
            scan.read(in);
        }
        return scan;
    }

    int total() {
        return exactByteArrays + largerByteArrays + charArrays;
    }

    String describe() {
        return total() + " (" + exactByteArrays + " byte[] holding exactly the value, " + largerByteArrays
                + " larger byte[] containing it" + (largerContexts.isEmpty() ? "" : ": " + String.join(", ", largerContexts))
                + ", " + charArrays + " char[])";
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
        long end = length;
        long read = 0;
        while (read < end) {
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
        if ((type == 8 || type == 5) && bytes <= Integer.MAX_VALUE) {
            byte[] content = new byte[(int) bytes];
            in.readFully(content);
            arraysScanned++;
            if (type == 8 && Canary.count(content, latin1) > 0) {
                if (content.length == latin1.length) {
                    exactByteArrays++;
                } else {
                    largerByteArrays++;
                    largerContexts.add(context(content));
                }
            } else if (type == 5 && Canary.count(content, utf16) > 0) {
                charArrays++;
            }
        } else {
            skip(in, bytes);
        }
        return idSize + 4L + 4 + 1 + bytes;
    }

    /** {@code byte[LENGTH] "…before<value>after…"}, non-printable bytes shown as '.'. */
    private String context(byte[] content) {
        int at = indexOf(content, latin1);
        int from = Math.max(0, at - 24);
        int to = Math.min(content.length, at + latin1.length + 24);
        return "byte[" + content.length + "] \"" + printable(content, from, at) + "<value>"
                + printable(content, at + latin1.length, to) + "\"";
    }

    private static String printable(byte[] bytes, int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to; i++) {
            out.append(bytes[i] >= 0x20 && bytes[i] < 0x7F ? (char) bytes[i] : '.');
        }
        return out.toString();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
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
