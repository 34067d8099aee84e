package io.keystash.it.session;

import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.keystash.it.session.SessionFixture.VALUE;
import static io.keystash.it.session.SessionFixture.require;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --passphrase-command} and {@code KEYSTASH_PASSPHRASE_COMMAND} with the real launcher: its
 * output unlocks; a failing command (non-zero, no output, too slow) is exit 3 with one line naming
 * the command and never its output; its standard error reaches the user.
 */
class PassphraseCommandIT {
    /** Printed by the failing commands without being in their text, to show output never reaches a message. */
    private static final String PRINTS_SOMETHING_SECRET = "echo leaked-$(echo passphrase)";

    @TempDir
    static Path folder;

    private static SessionFixture fixture;
    private static KeystashCli cli;

    @BeforeAll
    static void aVault() {
        fixture = SessionFixture.create(folder);
        cli = fixture.cli;
    }

    @AfterEach
    void noVariablesLeft() {
        cli.env("KEYSTASH_PASSPHRASE_COMMAND", null).env("KEYSTASH_PASSPHRASE_COMMAND_TIMEOUT", null);
    }

    private void assertFails(Result result, String command, String why) {
        assertThat(result.status()).as(result.toString()).isEqualTo(3);
        assertThat(result.err()).contains("keystash: passphrase command '" + command + "' " + why);
        assertThat(result.err()).doesNotContain("leaked-passphrase");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void theCommandsOutputUnlocks() {
        Result option = cli.run("--passphrase-command", "cat '" + fixture.passphraseFile + "'", "get", "openai");
        assertThat(option.status()).as(option.toString()).isZero();
        assertThat(option.out().equals(VALUE + "\n")).isTrue();
        Result variable = cli.env("KEYSTASH_PASSPHRASE_COMMAND", "cat " + fixture.passphraseFile).run("get", "openai");
        assertThat(variable.status()).as(variable.toString()).isZero();
        assertThat(variable.out().equals(VALUE + "\n")).isTrue();
    }

    @Test
    void unlockAsksTheCommandOnceAndTheSessionServesAfterwards() {
        Result unlock = cli.run("--passphrase-command", "cat " + fixture.passphraseFile, "unlock", "--for", "5m");
        try {
            assertThat(unlock.status()).as(unlock.toString()).isZero();
            require(cli.run("get", "openai"), "get through the session");
            Result status = require(cli.run("unlock", "--status"), "status");
            assertThat(status.out()).contains("passphrase command 'cat " + fixture.passphraseFile + "'");
        } finally {
            cli.run("lock");
        }
    }

    @Test
    void aNonZeroStatusIsExitThreeAndItsStderrPassesThrough() {
        String command = "echo 'pinentry: no terminal' >&2; " + PRINTS_SOMETHING_SECRET + "; exit 2";
        Result result = cli.run("--passphrase-command", command, "list");
        assertFails(result, command, "failed (exit status 2)");
        assertThat(result.err()).contains("pinentry: no terminal");
    }

    @Test
    void noOutputIsExitThree() {
        assertFails(cli.run("--passphrase-command", "true", "list"), "true", "printed no passphrase");
        assertFails(cli.env("KEYSTASH_PASSPHRASE_COMMAND", "printf '\\n'").run("list"), "printf '\\n'", "printed no passphrase");
    }

    @Test
    void aCommandPastTheTimeLimitIsStoppedAndExitThree() {
        String command = "sleep 60; " + PRINTS_SOMETHING_SECRET;
        long start = System.nanoTime();
        Result result = cli.env("KEYSTASH_PASSPHRASE_COMMAND_TIMEOUT", "1").run("--passphrase-command", command, "list");
        assertFails(result, command, "gave no passphrase within 1s (stopped it)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aWrongPassphraseFromTheCommandIsAWrongPassphrase() {
        Result result = cli.run("--passphrase-command", "printf not-it", "list");
        assertThat(result.status()).isEqualTo(3);
        assertThat(result.err()).contains("wrong passphrase or key (passphrase command 'printf not-it')");
    }

    @Test
    void aFileAndACommandAtOnceIsAUsageError() {
        Result result = cli.run("--passphrase-file", fixture.passphraseFile.toString(), "--passphrase-command", "true", "list");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("not both");
    }
}
