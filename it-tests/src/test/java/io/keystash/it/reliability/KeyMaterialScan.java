package io.keystash.it.reliability;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Searches a heap dump for named secrets (keys of 16 bytes or more) in every primitive array: as
 * bytes in a {@code byte[]}; in an {@code int[]} or {@code long[]} as they lie in memory on this
 * (little-endian) machine — where a cipher keeps a key schedule whose first words are the key —;
 * and, for text, as UTF-16 in a {@code char[]}. Reports counts per secret name, never the bytes.
 */
final class KeyMaterialScan {
    private final Map<String, byte[]> needles = new LinkedHashMap<>();
    private final Map<String, byte[]> textNeedles = new LinkedHashMap<>();
    private final Map<String, Integer> found = new TreeMap<>();
    int arraysScanned;

    /** A secret to look for as bytes. */
    KeyMaterialScan bytes(String name, byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException(name + " is too short to search for without chance matches");
        }
        needles.put(name, secret.clone());
        return this;
    }

    /** A secret text to look for as UTF-8 bytes and as UTF-16 characters. */
    KeyMaterialScan text(String name, String secret) {
        bytes(name + " (UTF-8)", secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        textNeedles.put(name + " (UTF-16)", secret.getBytes(java.nio.charset.StandardCharsets.UTF_16BE));
        return this;
    }

    KeyMaterialScan scan(Path dump) throws IOException {
        HprofArrays.read(dump, this::array);
        return this;
    }

    /** Secret name → copies found; only names found at least once. */
    Map<String, Integer> found() {
        return found;
    }

    private void array(int type, byte[] content) {
        arraysScanned++;
        switch (type) {
            case HprofArrays.BYTE -> search(needles, content, "byte[]");
            case HprofArrays.CHAR -> search(textNeedles, content, "char[]");
            case HprofArrays.INT -> search(needles, littleEndian(content, 4), "int[]");
            case HprofArrays.LONG -> search(needles, littleEndian(content, 8), "long[]");
            default -> { }
        }
    }

    private void search(Map<String, byte[]> secrets, byte[] content, String where) {
        for (Map.Entry<String, byte[]> secret : secrets.entrySet()) {
            int count = Canary.count(content, secret.getValue());
            if (count > 0) {
                found.merge(secret.getKey() + " in " + where, count, Integer::sum);
            }
        }
    }

    /** The elements as they lie in a little-endian machine's memory (the dump writes them big-endian). */
    private static byte[] littleEndian(byte[] bigEndian, int width) {
        byte[] out = new byte[bigEndian.length];
        for (int i = 0; i + width <= bigEndian.length; i += width) {
            for (int j = 0; j < width; j++) {
                out[i + j] = bigEndian[i + width - 1 - j];
            }
        }
        return out;
    }

    /**
     * {@code found} less the one copy no library call can avoid: Bouncy Castle's X25519 decodes the
     * private scalar into an {@code int[]} of its own at each agreement and never clears it. That
     * array is garbage from the moment the unlock returns (Keystash holds no reference to it) and
     * goes at the JVM's next collection; a passphrase unlock runs that collection itself, a key-file
     * or identity unlock leaves it to the program's next one, which on a start usually comes first.
     * Every other form of the key (a {@code byte[]}, a {@code long[]}) stays forbidden.
     */
    static Map<String, Integer> withoutX25519Scratch(Map<String, Integer> found) {
        Map<String, Integer> rest = new TreeMap<>(found);
        rest.remove("slot private key in int[]");
        return rest;
    }
}
