package io.keystash.agent.redact;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The byte sequences to redact — each served value, encoded in UTF-8 and in the stream's charset
 * when that differs — with the bytes that replace each ({@code [keystash:NAME]}), indexed by first
 * byte so that text without a candidate costs one table look-up per byte.
 *
 * <p>Values shorter than {@value #MIN_CHARS} characters are not redacted: a short value (a region,
 * a flag) would replace ordinary words in the output. Immutable; {@link #with} makes a larger set.
 */
final class Patterns {
    /** Shorter values are left alone. */
    static final int MIN_CHARS = 8;
    /** At most this many values are kept (the latest ones): every rotation adds one. */
    static final int MAX_VALUES = 4096;

    static final int NONE = -1;
    /** The bytes from a position to the end are a proper beginning of some pattern. */
    static final int PARTIAL = -2;

    private final Map<String, String> nameOfValue;
    private final Charset charset;
    private final byte[][] patterns;
    private final byte[][] replacements;
    /** Per first byte, the patterns starting with it, longest first; null when none does. */
    private final int[][] byFirstByte = new int[256][];

    private Patterns(Map<String, String> nameOfValue, Charset charset) {
        this.nameOfValue = nameOfValue;
        this.charset = charset;
        List<byte[]> bytes = new ArrayList<>();
        List<byte[]> names = new ArrayList<>();
        for (Map.Entry<String, String> entry : nameOfValue.entrySet()) {
            byte[] replacement = ("[keystash:" + entry.getValue() + "]").getBytes(StandardCharsets.UTF_8);
            byte[] utf8 = entry.getKey().getBytes(StandardCharsets.UTF_8);
            add(bytes, names, utf8, replacement);
            if (!StandardCharsets.UTF_8.equals(charset)) {
                CharsetEncoder encoder = charset.newEncoder();
                if (encoder.canEncode(entry.getKey())) {
                    add(bytes, names, entry.getKey().getBytes(charset), replacement);
                }
            }
        }
        patterns = bytes.toArray(new byte[0][]);
        replacements = names.toArray(new byte[0][]);
        int[] counts = new int[256];
        for (byte[] pattern : patterns) {
            counts[pattern[0] & 0xff]++;
        }
        for (int i = 0; i < patterns.length; i++) {
            int first = patterns[i][0] & 0xff;
            int[] list = byFirstByte[first];
            if (list == null) {
                list = new int[counts[first]];
                Arrays.fill(list, -1);
                byFirstByte[first] = list;
            }
            // insertion, longest first (no lambda or stream: this may run on the agent's start path)
            int at = 0;
            while (list[at] >= 0 && patterns[list[at]].length >= patterns[i].length) {
                at++;
            }
            System.arraycopy(list, at, list, at + 1, list.length - at - 1);
            list[at] = i;
        }
    }

    private static void add(List<byte[]> bytes, List<byte[]> names, byte[] pattern, byte[] replacement) {
        for (byte[] known : bytes) {
            if (Arrays.equals(known, pattern)) {
                return;
            }
        }
        bytes.add(pattern);
        names.add(replacement);
    }

    /** Nothing to redact. */
    static Patterns none(Charset charset) {
        return new Patterns(Map.of(), charset);
    }

    /**
     * Exactly these values (value → name), however short: the matching itself has no minimum
     * length; {@link #with} is what leaves short values out.
     */
    static Patterns exactly(Map<String, String> nameOfValue, Charset charset) {
        return new Patterns(new LinkedHashMap<>(nameOfValue), charset);
    }

    /**
     * These patterns plus {@code served} (name → value), values of fewer than {@link #MIN_CHARS}
     * characters left out; a value already known keeps its first name. Over {@link #MAX_VALUES},
     * the oldest values go.
     */
    Patterns with(Map<String, String> served) {
        Map<String, String> next = new LinkedHashMap<>(nameOfValue);
        boolean added = false;
        for (Map.Entry<String, String> entry : served.entrySet()) {
            String value = entry.getValue();
            if (value != null && value.length() >= MIN_CHARS && !next.containsKey(value)) {
                next.put(value, entry.getKey());
                added = true;
            }
        }
        if (!added) {
            return this;
        }
        while (next.size() > MAX_VALUES) {
            next.remove(next.keySet().iterator().next());
        }
        return new Patterns(next, charset);
    }

    boolean isEmpty() {
        return patterns.length == 0;
    }

    /**
     * At {@code position} of {@code bytes[..end)}: the index of the longest pattern that matches
     * there in full; or, when {@code more} bytes may follow, {@link #PARTIAL} if the bytes up to
     * {@code end} are a proper beginning of a longer pattern (what follows may complete it);
     * otherwise {@link #NONE}.
     */
    int match(byte[] bytes, int position, int end, boolean more) {
        int[] candidates = byFirstByte[bytes[position] & 0xff];
        if (candidates == null) {
            return NONE;
        }
        int available = end - position;
        boolean hasSecond = available > 1;
        byte second = hasSecond ? bytes[position + 1] : 0;
        for (int index : candidates) { // longest first: the first full match is the longest
            byte[] pattern = patterns[index];
            if (hasSecond && pattern.length > 1 && pattern[1] != second) {
                continue; // text sharing a value's first byte mostly differs by the second: no mismatch call then
            }
            if (pattern.length > available) {
                if (more && Arrays.mismatch(bytes, position, end, pattern, 0, available) < 0) {
                    return PARTIAL;
                }
            } else if (Arrays.mismatch(bytes, position, position + pattern.length, pattern, 0, pattern.length) < 0) {
                return index;
            }
        }
        return NONE;
    }

    byte[] pattern(int index) {
        return patterns[index];
    }

    byte[] replacement(int index) {
        return replacements[index];
    }

    /** The longest pattern's length in bytes (0 when none). */
    int longest() {
        int longest = 0;
        for (byte[] pattern : patterns) {
            longest = Math.max(longest, pattern.length);
        }
        return longest;
    }
}
