package io.keystash.cli.shell;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: what {@code profile load --export} prints, {@code export VAR='…'}, makes a real POSIX
 * shell set VAR to exactly the value, for any value a vault can hold (any Unicode text but NUL,
 * which no environment can carry), rich in quotes, backslashes, dollars, backquotes and newlines.
 * Seeded {@link SplittableRandom} cases (the project does not use jqwik, see docs/decisions.md);
 * each case runs {@code sh -c}, so a batch of values shares one shell to keep the test quick.
 */
class ShellQuotingPropertyTest {
    private static final long MASTER_SEED = 0x5_4E11_0001L;
    private static final int BATCHES = 12;
    private static final int VALUES_PER_BATCH = 25;

    @TestFactory
    Stream<DynamicTest> exportLinesEvaluateToTheValue() {
        return IntStream.range(0, BATCHES).mapToObj(batch -> {
            long seed = MASTER_SEED + batch;
            return DynamicTest.dynamicTest("batch " + batch + " (seed " + seed + ")", () -> runBatch(seed));
        });
    }

    private static void runBatch(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> values = new ArrayList<>();
        List<String> names = new ArrayList<>();
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < VALUES_PER_BATCH; i++) {
            String value = randomValue(random);
            values.add(value);
            names.add("V" + i);
            // The line profile load prints for the value.
            script.append("export V").append(i).append('=').append(ShellQuoting.quote(value)).append('\n');
        }
        List<byte[]> seen = ShellEvaluation.valuesAfter(script.toString(), names);
        assertThat(seen).as("[seed " + seed + "] values printed by sh").hasSize(values.size());
        for (int i = 0; i < values.size(); i++) {
            byte[] expected = values.get(i).getBytes(StandardCharsets.UTF_8);
            // Compared as bytes; the description names the case and lengths, never the value.
            assertThat(java.util.Arrays.equals(seen.get(i), expected))
                    .as("[seed %d] value %d (%d bytes expected, %d seen)", seed, i, expected.length, seen.get(i).length)
                    .isTrue();
        }
    }

    private static String randomValue(SplittableRandom random) {
        String special = "'\"\\$`!*?#~&|;<>(){}[] \t\n=%";
        StringBuilder value = new StringBuilder();
        int length = 1 + random.nextInt(40);
        while (value.length() < length) {
            int kind = random.nextInt(4);
            if (kind < 2) {
                value.append(special.charAt(random.nextInt(special.length())));
            } else if (kind == 2) {
                value.append((char) (0x21 + random.nextInt(0x5E)));
            } else {
                int cp;
                do {
                    cp = 1 + random.nextInt(0x10FFFF);
                } while (Character.getType(cp) == Character.SURROGATE || Character.getType(cp) == Character.UNASSIGNED);
                value.appendCodePoint(cp);
            }
        }
        return value.toString();
    }
}
