package io.keystash.cli.terminal;

import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text that came from a file or another member ({@code createdBy} and {@code origin} of an
 * imported version, a description, an audit line) is shown with its control characters escaped:
 * an ESC sequence cannot repaint the terminal and a CR or LF cannot forge a line. {@code --json}
 * escapes by itself.
 */
class ControlCharactersTest {
    private static final String HOSTILE = "mallory\u001b[2J\u001b]0;owned\u0007\r\nforged-line\u009b31m\u202edesrever";

    @TempDir
    Path folder;

    private static void assertNoControlCharacters(String output) {
        for (int i = 0; i < output.length(); i++) {
            char c = output.charAt(i);
            boolean allowed = c == '\n' || !(Character.isISOControl(c) || c == '\u202e');
            assertThat(allowed).as("U+%04X at %d in output", (int) c, i).isTrue();
        }
    }

    @Test
    void historyEscapesImportedTextAndJsonStaysJson() throws Exception {
        CliHarness cli = CliHarness.withVault(folder);
        cli.store("k", "value-1", "--description", "plain");
        Path file = folder.resolve("export.json");
        assertThat(cli.run("export", file.toString(), "--include-secrets", "--plaintext").status()).isZero();
        assertThat(cli.run("delete", "k", "--yes").status()).isZero();
        String json = Files.readString(file);
        String escaped = HOSTILE.replace("\u001b", "\\u001b").replace("\u0007", "\\u0007").replace("\r", "\\r")
                .replace("\n", "\\n").replace("\u009b", "\\u009b").replace("\u202e", "\\u202e");
        json = json.replaceFirst("\"createdBy\" : \"[^\"]*\"", java.util.regex.Matcher.quoteReplacement("\"createdBy\" : \"" + escaped + "\""))
                .replaceFirst("\"origin\" : \"[^\"]*\"", java.util.regex.Matcher.quoteReplacement("\"origin\" : \"" + escaped + "\""));
        assertThat(json).contains("forged-line");
        Files.writeString(file, json);
        Result imported = cli.run("import", file.toString());
        assertThat(imported.status()).as(imported.toString()).isZero();

        Result history = cli.run("history", "k");
        assertThat(history.status()).as(history.toString()).isZero();
        assertThat(history.out()).contains("mallory\\u001b[2J");
        assertNoControlCharacters(history.out());
        assertThat(history.out().lines().filter(l -> l.startsWith("forged-line"))).as("no forged line").isEmpty();

        Result json2 = cli.run("history", "k", "--json");
        assertThat(json2.out()).contains("\\u001B[2J").doesNotContain("\u001b");
    }

    @Test
    void theTableEscapesEveryCell() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        new Table("A", "B").row("x\u001b[31m", "line\r\nnext\ttab").print(new java.io.PrintStream(bytes, true,
                java.nio.charset.StandardCharsets.UTF_8));
        String out = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertNoControlCharacters(out);
        assertThat(out).contains("x\\u001b[31m").contains("line\\u000d\\u000anext\\u0009tab").hasLineCount(2);
    }
}
