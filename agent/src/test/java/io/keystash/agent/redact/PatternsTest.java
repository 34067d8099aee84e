package io.keystash.agent.redact;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Matching at one position: the longest full match, a possible beginning, or nothing. */
class PatternsTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** What {@code match} answers, as the matched pattern's text, "PARTIAL" or "NONE". */
    private static String matchAt(Patterns patterns, String text, int position, boolean more) {
        byte[] bytes = utf8(text);
        int match = patterns.match(bytes, position, bytes.length, more);
        if (match == Patterns.PARTIAL) {
            return "PARTIAL";
        }
        return match == Patterns.NONE ? "NONE" : new String(patterns.pattern(match), StandardCharsets.UTF_8);
    }

    @Test
    void valuesSharingAFirstByteAreToldApartByTheRest() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("sk-live-0123456789", "OPENAI");
        values.put("sx-test-9876543210", "OTHER");
        values.put("s2-abcdefgh", "THIRD");
        Patterns patterns = Patterns.exactly(values, StandardCharsets.UTF_8);

        assertThat(matchAt(patterns, "sk-live-0123456789!", 0, true)).isEqualTo("sk-live-0123456789");
        assertThat(matchAt(patterns, "sx-test-9876543210", 0, false)).isEqualTo("sx-test-9876543210");
        assertThat(matchAt(patterns, "a s2-abcdefgh b", 2, true)).isEqualTo("s2-abcdefgh");
        assertThat(matchAt(patterns, "so it goes", 0, true)).as("second byte of no value").isEqualTo("NONE");
        assertThat(matchAt(patterns, "sx-test-98", 0, true)).isEqualTo("PARTIAL");
        assertThat(matchAt(patterns, "sx-test-98", 0, false)).isEqualTo("NONE");
        assertThat(matchAt(patterns, "sq", 0, true)).as("no value goes on with 'q'").isEqualTo("NONE");
        assertThat(matchAt(patterns, "s", 0, true)).as("one byte left: any value may follow").isEqualTo("PARTIAL");
        assertThat(matchAt(patterns, "s", 0, false)).isEqualTo("NONE");
    }

    @Test
    void aOneBytePatternMatchesBesideLongerOnesWithTheSameFirstByte() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("x", "ONE");
        values.put("xyz12345", "LONG");
        Patterns patterns = Patterns.exactly(values, StandardCharsets.UTF_8);

        assertThat(matchAt(patterns, "xa", 0, true)).isEqualTo("x");
        assertThat(matchAt(patterns, "x", 0, false)).isEqualTo("x");
        assertThat(matchAt(patterns, "x", 0, true)).as("the longer one may follow").isEqualTo("PARTIAL");
        assertThat(matchAt(patterns, "xy", 0, true)).isEqualTo("PARTIAL");
        assertThat(matchAt(patterns, "xy", 0, false)).isEqualTo("x");
        assertThat(matchAt(patterns, "xyz12345 ", 0, true)).isEqualTo("xyz12345");
    }

    @Test
    void withLeavesShortValuesOutButExactlyKeepsThem() {
        assertThat(Patterns.none(StandardCharsets.UTF_8).with(Map.of("A", "short")).isEmpty()).isTrue();
        assertThat(Patterns.exactly(Map.of("short", "A"), StandardCharsets.UTF_8).isEmpty()).isFalse();
    }

    /** Many short patterns over three letters, so that first and second bytes collide often. */
    @Test
    void agreesWithAPlainSearchOnRandomText() {
        Random random = new Random(1907);
        for (int round = 0; round < 300; round++) {
            Map<String, String> values = new LinkedHashMap<>();
            int count = 1 + random.nextInt(6);
            for (int i = 0; i < count; i++) {
                values.put(randomText(random, 1 + random.nextInt(5)), "N" + i);
            }
            Patterns patterns = Patterns.exactly(values, StandardCharsets.UTF_8);
            String text = randomText(random, 1 + random.nextInt(8));
            byte[] bytes = utf8(text);
            for (int position = 0; position < bytes.length; position++) {
                for (boolean more : new boolean[] {true, false}) {
                    assertThat(matchAt(patterns, text, position, more))
                            .as("patterns %s, text %s at %d, more %s", values.keySet(), text, position, more)
                            .isEqualTo(expected(values.keySet().toArray(new String[0]), bytes, position, more));
                }
            }
        }
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(3)));
        }
        return text.toString();
    }

    /** The contract, searched plainly: a possible beginning of a longer value first, then the longest full match. */
    private static String expected(String[] values, byte[] bytes, int position, boolean more) {
        byte[] rest = Arrays.copyOfRange(bytes, position, bytes.length);
        String longest = null;
        for (String value : values) {
            byte[] pattern = utf8(value);
            if (pattern.length > rest.length) {
                if (more && Arrays.equals(rest, Arrays.copyOf(pattern, rest.length))) {
                    return "PARTIAL";
                }
            } else if (Arrays.equals(pattern, Arrays.copyOf(rest, pattern.length))
                    && (longest == null || value.length() > longest.length())) {
                longest = value;
            }
        }
        return longest == null ? "NONE" : longest;
    }
}
