package io.keystash.it.reliability;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Finds a value in an HPROF heap dump and says in which kind of array it sits: a {@code byte[]}
 * that is exactly the value (a String's contents in Latin-1, or a copy), a larger {@code byte[]}
 * that contains it (a buffer: decrypted record, stream, encoder), or a {@code char[]} (UTF-16).
 * The dump is read by {@link HprofArrays}.
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

    private HeapDumpScan(Canary canary) {
        this.latin1 = canary.value().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        this.utf16 = canary.value().getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
    }

    static HeapDumpScan of(Path dump, Canary canary) throws IOException {
        HeapDumpScan scan = new HeapDumpScan(canary);
        HprofArrays.read(dump, scan::array);
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

    private void array(int type, byte[] content) {
        arraysScanned++;
        if (type == HprofArrays.BYTE && Canary.count(content, latin1) > 0) {
            if (content.length == latin1.length) {
                exactByteArrays++;
            } else {
                largerByteArrays++;
                largerContexts.add(context(content));
            }
        } else if (type == HprofArrays.CHAR && Canary.count(content, utf16) > 0) {
            charArrays++;
        }
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

}
