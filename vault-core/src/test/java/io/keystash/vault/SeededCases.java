package io.keystash.vault;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Property-style cases without a property-testing library: each case gets its own
 * {@link SplittableRandom} seeded from a fixed master seed, and its display name and any
 * failure carry that seed, so a failing case can be replayed alone with {@link #replay}.
 */
public final class SeededCases {
    private SeededCases() {
    }

    /** {@code count} dynamic tests; case {@code i} runs with seed {@code masterSeed + i}. */
    public static Stream<DynamicTest> cases(long masterSeed, int count, ThrowingConsumer<SplittableRandom> body) {
        return IntStream.range(0, count).mapToObj(i -> {
            long seed = masterSeed + i;
            return DynamicTest.dynamicTest("case " + i + " (seed " + seed + ")", () -> replay(seed, body));
        });
    }

    /** Runs one case with {@code seed}; a failure is rethrown with the seed in its message. */
    public static void replay(long seed, ThrowingConsumer<SplittableRandom> body) throws Throwable {
        try {
            body.accept(new SplittableRandom(seed));
        } catch (AssertionError e) {
            AssertionError withSeed = new AssertionError("[seed " + seed + "] " + e.getMessage());
            withSeed.setStackTrace(e.getStackTrace());
            throw withSeed;
        } catch (Throwable e) {
            throw new AssertionError("[seed " + seed + "] unexpected " + e.getClass().getName() + ": " + e.getMessage(), e);
        }
    }

    /** A random string of {@code length} characters drawn from {@code alphabet} (code points). */
    public static String from(SplittableRandom random, int[] alphabet, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
        }
        return out.toString();
    }

    /** Random well-formed text (any Unicode scalar value, BMP-heavy), {@code 0..maxLength} code points. */
    public static String text(SplittableRandom random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(4);
            int cp;
            if (kind == 0) {
                cp = 0x20 + random.nextInt(0x5F);
            } else if (kind == 1) {
                cp = random.nextInt(0x80);
            } else if (kind == 2) {
                do {
                    cp = random.nextInt(0x10000);
                } while (Character.isSurrogate((char) cp));
            } else {
                cp = 0x10000 + random.nextInt(0x10FFFF - 0x10000 + 1);
            }
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    /** {@code length} random bytes. */
    public static byte[] bytes(SplittableRandom random, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) random.nextInt(256);
        }
        return out;
    }
}
