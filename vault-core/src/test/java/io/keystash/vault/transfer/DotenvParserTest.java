package io.keystash.vault.transfer;

import io.keystash.vault.Failure;
import io.keystash.vault.SeededCases;
import io.keystash.vault.VaultException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code .env} grammar of {@link DotenvParser}, one rule at a time, then as a seeded round trip. */
class DotenvParserTest {
    private static Map<String, String> parse(String text) throws VaultException {
        Map<String, String> out = new LinkedHashMap<>();
        for (DotenvVariable variable : DotenvParser.parse(text.getBytes(StandardCharsets.UTF_8))) {
            try (variable) {
                out.put(variable.name(), variable.value().reveal());
            }
        }
        return out;
    }

    @Test
    void commentsBlankLinesAndExportPrefixesAreSkipped() throws VaultException {
        assertThat(parse("# a comment\n\n   \t\nexport A=1\n  # indented comment\nexport\tB=2\nexport=3\n"))
                .containsExactly(Map.entry("A", "1"), Map.entry("B", "2"), Map.entry("export", "3"));
    }

    @Test
    void unquotedValuesAreTrimmedAndEndAtAnInlineComment() throws VaultException {
        assertThat(parse("A =  spaced value  \nB=a#b # comment\nC=x\t#tab comment\nD=it's \"fine\"\n"))
                .containsExactly(Map.entry("A", "spaced value"), Map.entry("B", "a#b"), Map.entry("C", "x"),
                        Map.entry("D", "it's \"fine\""));
    }

    @Test
    void singleQuotesAreLiteralAndMaySpanLines() throws VaultException {
        assertThat(parse("A='$HOME \\n \"x\" # not a comment'\nB='two\nlines' # comment\nC=after\n"))
                .containsExactly(Map.entry("A", "$HOME \\n \"x\" # not a comment"), Map.entry("B", "two\nlines"),
                        Map.entry("C", "after"));
    }

    @Test
    void doubleQuotesHaveEscapesAndMaySpanLines() throws VaultException {
        assertThat(parse("A=\"l1\\nl2\\tt\\r\\\"q\\\" \\\\ \\$HOME $PATH \\d\"\nB=\"first\nsecond\"\n"))
                .containsExactly(Map.entry("A", "l1\nl2\tt\r\"q\" \\ $HOME $PATH \\d"), Map.entry("B", "first\nsecond"));
    }

    @Test
    void crlfLineEndsAndAByteOrderMarkAreAccepted() throws VaultException {
        assertThat(parse("\uFEFFA=1\r\nB=\"x\r\ny\"\r\n")).containsExactly(Map.entry("A", "1"), Map.entry("B", "x\ny"));
    }

    @Test
    void keyNamesDropLeadingUnderscores() throws VaultException {
        List<DotenvVariable> variables = DotenvParser.parse("__TOKEN=x\nOPENAI_API_KEY=y\n".getBytes(StandardCharsets.UTF_8));
        assertThat(variables).extracting(DotenvVariable::keyName).containsExactly("TOKEN", "OPENAI_API_KEY");
        assertThat(variables).extracting(DotenvVariable::line).containsExactly(1, 2);
        variables.forEach(DotenvVariable::close);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no equals sign|A=1\\nsk-secret-value-here\\n|line 2: expected NAME=value",
        "name with a dash|A-B=1|line 1: expected NAME=value",
        "name starting with a digit|1A=1|line 1: invalid variable name",
        "empty value|A=1\\nB=\\n|line 2: B has an empty value",
        "comment only value|A= # nothing|line 1: A has an empty value",
        "duplicate|A=1\\n\\nA=2|line 3: A is already set on line 1",
        "unclosed single quote|A='secret-value\\nB=2|line 1: the single-quoted value of A is not closed",
        "unclosed double quote|X=1\\nA=\"secret-value|line 2: the double-quoted value of A is not closed",
        "text after the quote|A='secret-value'tail|line 1: unexpected text after the closing quote of A",
    })
    void malformedLinesAreRefusedNamingTheLineButNeverTheValue(String name, String text, String message) {
        String input = text.replace("\\n", "\n");
        assertThatThrownBy(() -> DotenvParser.parse(input.getBytes(StandardCharsets.UTF_8)))
                .as(name)
                .isInstanceOfSatisfying(VaultException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT);
                    assertThat(e.getMessage()).startsWith(message).doesNotContain("secret");
                });
    }

    @Test
    void moreVariablesThanAnyRealFileIsRefusedBeforeTheyAreAllHeld() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i <= DotenvParser.MAX_VARIABLES; i++) {
            text.append('V').append(i).append("=x\n");
        }
        assertThatThrownBy(() -> DotenvParser.parse(text.toString().getBytes(StandardCharsets.UTF_8)))
                .hasMessage("line " + (DotenvParser.MAX_VARIABLES + 1) + ": more than " + DotenvParser.MAX_VARIABLES
                        + " variables in one file (split it)");
    }

    @Test
    void binaryContentIsRefused() {
        assertThatThrownBy(() -> DotenvParser.parse(new byte[] {'A', '=', '1', '\n', (byte) 0xC3, (byte) 0x28}))
                .hasMessage("line 2: not UTF-8 text (is this a binary file?)");
        assertThatThrownBy(() -> DotenvParser.parse("A=1\nB=x\0y\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("line 2: NUL character (is this a binary file?)");
    }

    @Test
    void valuesAboveTheLimitAreRefused() {
        String big = "A=" + "x".repeat(64 * 1024 + 1) + "\n";
        assertThatThrownBy(() -> DotenvParser.parse(big.getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("line 1: A: the value is 65537 bytes");
    }

    /**
     * Property: any set of variables with any non-empty values (no NUL), written in any of the
     * three quoting styles that can hold the value, with random comments, blank lines, export
     * prefixes, spacing and line ends, parses back to exactly the same names and values.
     */
    @TestFactory
    Stream<DynamicTest> writtenVariablesParseBackExactly() {
        return SeededCases.cases(0x5EED_0E4FL, 300, random -> {
            Map<String, String> expected = new LinkedHashMap<>();
            int count = 1 + random.nextInt(6);
            while (expected.size() < count) {
                expected.put(randomName(random), randomValue(random));
            }
            String lineEnd = random.nextBoolean() ? "\n" : "\r\n";
            StringBuilder file = new StringBuilder();
            for (Map.Entry<String, String> variable : expected.entrySet()) {
                if (random.nextInt(3) == 0) {
                    file.append(random.nextBoolean() ? "# note" : "").append(lineEnd);
                }
                file.append(random.nextBoolean() ? "" : "  ").append(random.nextBoolean() ? "export " : "")
                        .append(variable.getKey()).append(random.nextBoolean() ? "=" : " = ")
                        .append(quote(variable.getValue(), random))
                        .append(random.nextBoolean() ? "" : " # trailing comment").append(lineEnd);
            }
            Map<String, String> parsed = parse(file.toString());
            assertThat(parsed.keySet()).containsExactlyElementsOf(expected.keySet());
            for (String name : expected.keySet()) {
                // Compared by equality only: a failure names the variable and the seed, never the value.
                assertThat(parsed.get(name).equals(expected.get(name))).as("value of " + name).isTrue();
            }
        });
    }

    private static String randomName(SplittableRandom random) {
        String first = "ABCXYZabc_";
        String rest = "ABCXYZabc_019";
        StringBuilder name = new StringBuilder().append(first.charAt(random.nextInt(first.length())));
        for (int i = random.nextInt(12); i > 0; i--) {
            name.append(rest.charAt(random.nextInt(rest.length())));
        }
        return name.toString();
    }

    /** Values rich in the characters the grammar treats specially, plus any Unicode. */
    private static String randomValue(SplittableRandom random) {
        String special = "'\"\\$#= \t\n`!*";
        StringBuilder value = new StringBuilder();
        int length = 1 + random.nextInt(24);
        while (value.length() < length) {
            if (random.nextBoolean()) {
                value.append(special.charAt(random.nextInt(special.length())));
            } else {
                value.append(SeededCases.text(random, 3).replace("\0", "").replace("\r", ""));
            }
        }
        return value.toString();
    }

    /** One of the quoting styles able to hold {@code value}, chosen at random. */
    private static String quote(String value, SplittableRandom random) {
        List<String> styles = new ArrayList<>();
        styles.add("\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$")
                .replace("\n", random.nextBoolean() ? "\\n" : "\n").replace("\t", "\\t") + "\"");
        if (!value.contains("'")) {
            styles.add("'" + value + "'");
        }
        boolean plain = !value.isEmpty() && !value.contains("\n") && !value.contains("#")
                && value.strip().equals(value) && value.charAt(0) != '\'' && value.charAt(0) != '"'
                && value.chars().noneMatch(c -> c == ' ' || c == '\t');
        if (plain) {
            styles.add(value);
        }
        return styles.get(random.nextInt(styles.size()));
    }
}
