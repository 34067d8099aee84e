package io.keystash.it.cli;

import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.keystash.it.support.Hashes.sha256Hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The hidden prompt for real: the launcher on a pseudo-terminal (util-linux {@code script}),
 * a person typing. What is typed never shows on the screen.
 */
class HiddenPromptIT {
    private static final String PASSPHRASE = "pty-passphrase-42";

    @TempDir
    Path folder;
    KeystashCli cli;

    @BeforeEach
    void needsScript() {
        assumeTrue(PseudoTerminal.available(), "util-linux 'script' is not installed: pseudo-terminal tests skipped");
        cli = new KeystashCli(folder);
    }

    private String keystash(String args) {
        return "'" + KeystashCli.script() + "' " + args;
    }

    private void initOnTerminal() throws Exception {
        try (PseudoTerminal terminal = PseudoTerminal.start(keystash("init --kdf pbkdf2"), cli.environment())) {
            int at = terminal.expect("New vault passphrase: ", 0);
            terminal.type(PASSPHRASE);
            terminal.expect("Repeat vault passphrase: ", at);
            terminal.type(PASSPHRASE);
            assertThat(terminal.exitStatus()).as(terminal.screen()).isZero();
            assertThat(terminal.screen().contains(PASSPHRASE)).as("the passphrase was echoed").isFalse();
        }
    }

    @Test
    void initAsksTwiceThenCommandsAskOnce() throws Exception {
        initOnTerminal();
        try (PseudoTerminal terminal = PseudoTerminal.start(keystash("list --json"), cli.environment())) {
            terminal.expect("Passphrase for ", 0);
            terminal.type(PASSPHRASE);
            assertThat(terminal.exitStatus()).as(terminal.screen()).isZero();
            assertThat(terminal.screen().contains(PASSPHRASE)).isFalse();
        }
    }

    @Test
    void aValueTypedAtTheHiddenPromptIsStoredAndNeverShown() throws Exception {
        initOnTerminal();
        String value = "sk-typed0123456789abcdefghijklmn";
        cli.env("API_KEY_MASTER", PASSPHRASE);
        try (PseudoTerminal terminal = PseudoTerminal.start(keystash("store typed --provider openai"), cli.environment())) {
            terminal.expect("Value for typed (hidden): ", 0);
            terminal.type(value);
            assertThat(terminal.exitStatus()).as(terminal.screen()).isZero();
            assertThat(terminal.screen().contains(value)).as("the value was echoed").isFalse();
        }
        Result get = cli.run("get", "typed");
        assertThat(sha256Hex(get.out())).isEqualTo(sha256Hex(value + "\n"));
    }

    @Test
    void theFirstStoreWithoutAVaultAsksForANewPassphraseTwiceThenTheValue() throws Exception {
        String value = "sk-firststore0123456789abcdefghij";
        try (PseudoTerminal terminal = PseudoTerminal.start(keystash("store mykey --provider openai"), cli.environment())) {
            int at = terminal.expect("New vault passphrase: ", 0);
            terminal.type(PASSPHRASE);
            at = terminal.expect("Repeat vault passphrase: ", at);
            terminal.type(PASSPHRASE);
            terminal.expect("Value for mykey (hidden): ", at);
            terminal.type(value);
            assertThat(terminal.exitStatus()).as(terminal.screen()).isZero();
            assertThat(terminal.screen()).contains("No vault at " + cli.vaultFile())
                    .contains("Created vault " + cli.vaultFile() + " (unlock with: the passphrase you typed).");
            assertThat(terminal.screen().contains(PASSPHRASE) || terminal.screen().contains(value)).as("echoed").isFalse();
        }
        cli.env("API_KEY_MASTER", PASSPHRASE);
        assertThat(sha256Hex(cli.run("get", "mykey").out())).isEqualTo(sha256Hex(value + "\n"));
    }

    @Test
    void aNonAsciiPassphraseTypedUnderTheCLocaleIsTheSameBytesAsFromTheVariable() throws Exception {
        java.util.Map<String, String> cLocale = new java.util.HashMap<>(cli.environment());
        cLocale.put("LC_ALL", "C");
        String typed = "p\u00e4ssphrase-\u00fc";
        try (PseudoTerminal terminal = PseudoTerminal.start(keystash("init --kdf pbkdf2"), cLocale)) {
            int at = terminal.expect("New vault passphrase: ", 0);
            terminal.type(typed);
            terminal.expect("Repeat vault passphrase: ", at);
            terminal.type(typed);
            assertThat(terminal.exitStatus()).as(terminal.screen()).isZero();
        }
        Result list = cli.shell("API_KEY_MASTER=\"$(printf 'p\\303\\244ssphrase-\\303\\274')\" \"$KEYSTASH\" list");
        assertThat(list.status()).as("the UTF-8 bytes of what was typed open the vault: " + list).isZero();
    }

    /**
     * Ctrl-C at the hidden prompt on {@code /dev/tty} while standard output is redirected (as in
     * {@code $(keystash get k)}): the terminal's echo is back on afterwards. The shell around the
     * command survives the Ctrl-C (a trap) and records the terminal's modes with {@code stty -a}.
     */
    @Test
    void ctrlCAtTheHiddenPromptLeavesTheTerminalEchoingAgain() throws Exception {
        initOnTerminal();
        Path out = folder.resolve("value.txt");
        Path modes = folder.resolve("stty.txt");
        String script = "trap 'true' INT; " + keystash("get k") + " > '" + out + "'; echo status=$?; stty -a > '" + modes + "'";
        try (PseudoTerminal terminal = PseudoTerminal.start(script, cli.environment())) {
            int at = terminal.expect("Passphrase for ", 0);
            Thread.sleep(300); // echo is switched off before the prompt shows; give stty a moment to be done
            terminal.press("\u0003");
            terminal.expect("status=130", at);
            assertThat(terminal.exitStatus()).as(terminal.screen()).isZero();
        }
        String shown = Files.readString(modes);
        assertThat(shown).as("stty -a after Ctrl-C: %s", shown).containsPattern("(^|[\\s;])echo([\\s;]|$)")
                .doesNotContainPattern("(^|[\\s;])-echo([\\s;]|$)");
    }

    @Test
    void thePromptUsesTheTerminalWhenOutputIsRedirected() throws Exception {
        initOnTerminal();
        cli.env("API_KEY_MASTER", PASSPHRASE);
        cli.runWithInput("exported-value", "store", "k", "--env", "K_VAR");
        cli.run("profile", "create", "dev");
        cli.run("profile", "add-key", "dev", "k");
        cli.env("API_KEY_MASTER", null);
        Path out = folder.resolve("exports.sh");
        try (PseudoTerminal terminal = PseudoTerminal.start(keystash("profile load dev --export > '" + out + "'"), cli.environment())) {
            terminal.expect("Passphrase for ", 0);
            terminal.type(PASSPHRASE);
            assertThat(terminal.exitStatus()).as(terminal.screen()).isZero();
            assertThat(terminal.screen().contains(PASSPHRASE)).isFalse();
        }
        assertThat(Files.readString(out)).startsWith("export K_VAR='");
    }
}
