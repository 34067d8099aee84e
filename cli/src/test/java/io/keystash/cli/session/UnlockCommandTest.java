package io.keystash.cli.session;

import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code unlock} and {@code lock} without a session process (starting one needs the built launcher:
 * it-tests' UnlockSessionIT): statuses, refusals, help.
 */
class UnlockCommandTest {
    @TempDir
    Path folder;

    @Test
    void statusWithNoSessionIsExitThree() {
        CliHarness cli = CliHarness.withVault(folder);
        Result result = cli.run("unlock", "--status");
        assertThat(result.status()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("keystash: no unlock session runs for " + cli.vaultFile() + "\n");
    }

    @Test
    void lockWithNoSessionIsFine() {
        CliHarness cli = CliHarness.withVault(folder);
        Result result = cli.run("lock");
        assertThat(result.status()).isZero();
        assertThat(result.err()).contains("No unlock session runs for " + cli.vaultFile());
    }

    @Test
    void badDurationsAreUsageErrorsBeforeAnythingIsAsked() {
        CliHarness cli = CliHarness.withVault(folder);
        for (String[] args : new String[][] {{"unlock", "--for", "8x"}, {"unlock", "--for", "0s"}, {"unlock", "--idle", "soon"}}) {
            Result result = cli.run(args);
            assertThat(result.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(result.err().strip().lines()).hasSize(1);
        }
    }

    @Test
    void aFailingPassphraseCommandIsLockedAndNamesTheCommand() {
        CliHarness cli = CliHarness.withVault(folder).env("KEYSTASH_KEY_FILE", null);
        Result result = cli.run("--passphrase-command", "exit 4", "list");
        assertThat(result.status()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("keystash: passphrase command 'exit 4' failed (exit status 4)\n");
    }

    @Test
    void helpHasExamples() {
        CliHarness cli = new CliHarness(folder);
        for (String command : new String[] {"unlock", "lock"}) {
            Result result = cli.run(command, "--help");
            assertThat(result.status()).isZero();
            assertThat(result.out()).contains("Usage: keystash " + command).contains("Examples:");
        }
        assertThat(cli.run("--help").out()).as("the session process is no command for people")
                .contains("  unlock ").contains("  lock ").doesNotContain(SessionServeCommand.NAME);
    }
}
