package io.keystash.cli.keys;

import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import io.keystash.cli.ScriptedTerminal;
import io.keystash.vault.unlock.KeyFileKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.keystash.cli.CliHarness.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first {@code store} on a machine without a vault creates one with the unlock source at
 * hand, says so, and stores the key in it; without a usable source it changes nothing.
 */
class FirstStoreTest {
    private static final String VALUE = "sk-firststore0123456789abcdefgh";

    @TempDir
    Path folder;

    @Test
    void withApiKeyMasterTheFirstStoreCreatesTheVaultAndSaysHowItUnlocks() {
        CliHarness cli = new CliHarness(folder).env("API_KEY_MASTER", "first store passphrase");
        Result store = cli.runWithInput(VALUE, "store", "mykey", "--service", "openai");
        assertThat(store.status()).as(store.toString()).isZero();
        assertThat(store.err()).contains("Created vault " + cli.vaultFile() + " (unlock with: passphrase from API_KEY_MASTER).")
                .contains("Stored 'mykey' (version 1).");
        assertThat(sha256(cli.run("get", "mykey").out())).isEqualTo(sha256(VALUE + "\n"));
        assertThat(cli.run("list", "--provider", "openai").out()).contains("mykey");
        assertThat(cli.run("audit", "--json").out()).contains("\"detail\" : \"created the vault\"");
    }

    @Test
    void withAnExistingKeyFileTheVaultGetsAKeyFileSlot() throws Exception {
        Path keyFile = folder.resolve("app.key");
        try (KeyFileKey key = KeyFileKey.generate()) {
            key.writeNew(keyFile);
        }
        CliHarness cli = new CliHarness(folder).env("KEYSTASH_KEY_FILE", keyFile.toString());
        Result store = cli.runWithInput(VALUE, "store", "mykey", "--provider", "openai");
        assertThat(store.status()).as(store.toString()).isZero();
        assertThat(store.err()).contains("(unlock with: key file " + keyFile + ").");
        assertThat(sha256(cli.run("get", "mykey").out())).isEqualTo(sha256(VALUE + "\n"));
    }

    @Test
    void aKeyFileThatDoesNotExistIsRefusedNamingInitAndCreatesNothing() {
        Path keyFile = folder.resolve("missing.key");
        CliHarness cli = new CliHarness(folder);
        Result store = cli.runWithInput(VALUE, "--key-file", keyFile.toString(), "store", "mykey");
        assertThat(store.status()).isEqualTo(3);
        assertThat(store.err().strip()).isEqualTo("keystash: no vault at " + cli.vaultFile() + ", and key file " + keyFile
                + " does not exist; create both with: keystash init --key-file " + keyFile);
        assertThat(Files.exists(cli.vaultFile())).isFalse();
        assertThat(Files.exists(keyFile)).isFalse();
    }

    @Test
    void onATerminalWithNoSourceItAsksForANewPassphraseTwice() {
        CliHarness cli = new CliHarness(folder);
        ScriptedTerminal terminal = ScriptedTerminal.besidePipedInput("typed passphrase", "typed passphrase");
        Result store = cli.run(VALUE.getBytes(StandardCharsets.UTF_8), terminal, "store", "mykey", "--provider", "openai");
        assertThat(store.status()).as(store.toString()).isZero();
        assertThat(terminal.prompts).containsExactly("New vault passphrase: ", "Repeat vault passphrase: ");
        assertThat(terminal.said).hasSize(2);
        assertThat(terminal.said.get(0)).contains("No vault at " + cli.vaultFile());
        assertThat(terminal.said.get(1)).as("a strength hint between the two prompts, never the passphrase")
                .startsWith("Passphrase strength: ").doesNotContain("typed passphrase");
        assertThat(store.err()).contains("(unlock with: the passphrase you typed).");
        Result get = cli.env("API_KEY_MASTER", "typed passphrase").run("get", "mykey");
        assertThat(sha256(get.out())).isEqualTo(sha256(VALUE + "\n"));
    }

    @Test
    void twoDifferentPassphrasesAtTheTerminalCreateNothing() {
        CliHarness cli = new CliHarness(folder);
        ScriptedTerminal terminal = ScriptedTerminal.besidePipedInput("one passphrase", "another one");
        Result store = cli.run(VALUE.getBytes(StandardCharsets.UTF_8), terminal, "store", "mykey");
        assertThat(store.status()).isEqualTo(2);
        assertThat(store.err()).contains("the two passphrases differ");
        assertThat(Files.exists(cli.vaultFile())).isFalse();
    }

    @Test
    void withNoSourceAndNoTerminalNothingIsCreated() {
        CliHarness cli = new CliHarness(folder);
        Result store = cli.runWithInput(VALUE, "store", "mykey");
        assertThat(store.status()).isEqualTo(3);
        assertThat(store.err().strip()).startsWith("keystash: no vault at " + cli.vaultFile() + ", and no passphrase to create it with")
                .contains("API_KEY_MASTER").endsWith("keystash init");
        assertThat(Files.exists(cli.vaultFile())).isFalse();
    }

    @Test
    void noValueOnStandardInputCreatesNoVault() {
        CliHarness cli = new CliHarness(folder).env("API_KEY_MASTER", "first store passphrase");
        Result store = cli.runWithInput("", "store", "mykey");
        assertThat(store.status()).isEqualTo(2);
        assertThat(Files.exists(cli.vaultFile())).isFalse();
    }

    @Test
    void anExistingVaultIsNeverRecreated() throws Exception {
        CliHarness cli = CliHarness.withVault(folder);
        byte[] keyFileBefore = Files.readAllBytes(cli.keyFile());
        Result store = cli.runWithInput(VALUE, "store", "second");
        assertThat(store.status()).as(store.toString()).isZero();
        assertThat(store.err()).doesNotContain("Created vault");
        assertThat(Files.readAllBytes(cli.keyFile())).isEqualTo(keyFileBefore);
    }
}
