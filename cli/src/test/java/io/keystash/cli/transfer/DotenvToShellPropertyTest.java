package io.keystash.cli.transfer;

import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import io.keystash.cli.shell.ShellEvaluation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property, end to end: random values written to a {@code .env} file (single or double quotes,
 * escapes, multi-line), imported, then served by {@code profile load --export} and evaluated by
 * a real {@code sh}, come out byte for byte as they went in. Seeded {@link SplittableRandom}
 * cases; a failure names the seed and the variable, never the value.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DotenvToShellPropertyTest {
    private static final long MASTER_SEED = 0xD07E_4E11L;

    @TempDir
    static Path folder;
    private CliHarness cli;

    @BeforeAll
    void vault() throws Exception {
        Files.createDirectories(folder.resolve("v"));
        cli = CliHarness.withVault(folder.resolve("v"));
    }

    @TestFactory
    Stream<DynamicTest> importedValuesEvaluateBackInAShell() {
        return IntStream.range(0, 15).mapToObj(i -> {
            long seed = MASTER_SEED + i;
            return DynamicTest.dynamicTest("case " + i + " (seed " + seed + ")", () -> runCase(i, seed));
        });
    }

    private void runCase(int index, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, String> variables = new LinkedHashMap<>();
        StringBuilder file = new StringBuilder("# case ").append(index).append('\n');
        for (int v = 0; v < 4; v++) {
            String name = "C" + index + "_V" + v;
            String value = randomValue(random);
            variables.put(name, value);
            file.append(random.nextBoolean() ? "export " : "").append(name).append('=').append(quote(value, random)).append('\n');
        }
        Path env = folder.resolve("case" + index + ".env");
        Files.writeString(env, file);
        Result imported = cli.run("import", env.toString(), "--profile", "case" + index);
        assertThat(imported.status()).as("[seed " + seed + "] " + imported).isZero();
        String lines = cli.run("profile", "load", "case" + index, "--export").out();

        List<byte[]> seen = ShellEvaluation.valuesAfter(lines, List.copyOf(variables.keySet()));
        assertThat(seen).as("[seed " + seed + "] values printed").hasSize(variables.size());
        int i = 0;
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            byte[] expected = variable.getValue().getBytes(StandardCharsets.UTF_8);
            assertThat(Arrays.equals(seen.get(i++), expected)).as("[seed %d] %s", seed, variable.getKey()).isTrue();
        }
    }

    private static String randomValue(SplittableRandom random) {
        String alphabet = "abcXYZ019'\"\\$`#= \t\n!*;&|<>é€😀";
        StringBuilder value = new StringBuilder();
        int length = 1 + random.nextInt(30);
        while (value.codePointCount(0, value.length()) < length) {
            value.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
        }
        String text = value.toString();
        return text.isBlank() ? "x" + text : text;
    }

    private static String quote(String value, SplittableRandom random) {
        if (!value.contains("'") && random.nextBoolean()) {
            return "'" + value + "'";
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$")
                .replace("\n", random.nextBoolean() ? "\\n" : "\n").replace("\t", "\\t") + "\"";
    }
}
