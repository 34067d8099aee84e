package io.keystash.cli;

import io.keystash.cli.CliHarness.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class KeystashTest {
    @TempDir
    Path folder;

    @Test
    void versionNamesKeystashAndJava() {
        Result result = new CliHarness(folder).run("--version");
        assertThat(result.status()).isZero();
        assertThat(result.out()).startsWith("keystash ").contains("Java ");
    }

    @Test
    void helpListsEveryCommandWithExamples() {
        Result result = new CliHarness(folder).run("--help");
        assertThat(result.status()).isZero();
        for (String command : new String[] {"init", "store", "get", "list", "delete", "profile", "run", "agent-line",
            "setup", "audit", "passwd", "keyfile", "completion", "demo"}) {
            assertThat(result.out()).contains("  " + command + " ");
        }
        assertThat(result.out()).contains("Examples:").contains("Exit status");
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        CliHarness cli = new CliHarness(folder);
        String[][] commands = {{"init"}, {"store"}, {"get"}, {"list"}, {"delete"}, {"profile"}, {"profile", "create"},
            {"profile", "delete"}, {"profile", "list"}, {"profile", "show"}, {"profile", "add-key"},
            {"profile", "remove-key"}, {"profile", "load"}, {"run"}, {"agent-line"}, {"setup"}, {"audit"}, {"passwd"},
            {"keyfile"}, {"keyfile", "create"}, {"completion"}, {"demo"}};
        for (String[] command : commands) {
            String[] args = new String[command.length + 1];
            System.arraycopy(command, 0, args, 0, command.length);
            args[command.length] = "--help";
            Result result = cli.run(args);
            assertThat(result.status()).as(String.join(" ", command)).isZero();
            assertThat(result.out()).as(String.join(" ", command)).contains("Usage: keystash " + String.join(" ", command))
                    .contains("Examples:");
        }
    }

    @Test
    void noCommandIsAUsageError() {
        Result result = new CliHarness(folder).run();
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("Usage: keystash");
    }

    @Test
    void unknownCommandIsOneLineUsageError() {
        Result result = new CliHarness(folder).run("frobnicate");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).startsWith("keystash: ").contains("frobnicate");
        assertThat(result.err().strip().lines()).hasSize(1);
    }

    @Test
    void unknownOptionIsOneLineUsageError() {
        Result result = new CliHarness(folder).run("list", "--frobnicate");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).startsWith("keystash: ").contains("--frobnicate").contains("keystash list --help");
        assertThat(result.err().strip().lines()).hasSize(1);
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheCommand(@TempDir Path other) {
        CliHarness cli = CliHarness.withVault(folder).env("KEYSTASH_KEY_FILE", null);
        Result before = cli.run("--key-file", cli.keyFile().toString(), "list");
        Result after = cli.run("list", "--key-file", cli.keyFile().toString());
        assertThat(before.status()).isZero();
        assertThat(after.status()).isZero();
    }

    @Test
    void lockedVaultNamesEveryUnlockSource() {
        CliHarness cli = CliHarness.withVault(folder).env("KEYSTASH_KEY_FILE", null);
        Result result = cli.run("list");
        assertThat(result.status()).isEqualTo(3);
        assertThat(result.err()).startsWith("keystash: vault is locked").contains("--key-file").contains("--passphrase-file")
                .contains("KEYSTASH_KEY_FILE").contains("API_KEY_MASTER_FILE").contains("API_KEY_MASTER");
    }

    @Test
    void debugShowsAStackTraceOtherwiseNot() {
        CliHarness cli = CliHarness.withVault(folder);
        assertThat(cli.run("get", "missing").err()).doesNotContain("\tat ");
        assertThat(cli.run("get", "missing", "--debug").err()).contains("\tat ");
    }

    @Test
    void aPassphraseIsAskedOnATerminalWhenNothingElseUnlocks() {
        CliHarness cli = new CliHarness(folder);
        Result init = cli.run(new byte[0], ScriptedTerminal.answering("correct horse", "correct horse"), "init", "--kdf", "pbkdf2");
        assertThat(init.status()).as(init.toString()).isZero();
        ScriptedTerminal terminal = ScriptedTerminal.answering("correct horse");
        Result list = cli.run(new byte[0], terminal, "list");
        assertThat(list.status()).as(list.toString()).isZero();
        assertThat(terminal.prompts).singleElement().asString().startsWith("Passphrase for ");
        Result wrong = cli.run(new byte[0], ScriptedTerminal.answering("wrong"), "list");
        assertThat(wrong.status()).isEqualTo(3);
        assertThat(wrong.err()).startsWith("keystash: wrong passphrase or key");
    }
}
