package io.keystash.it.cli;

import io.keystash.it.support.Artifacts;
import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

import static io.keystash.it.support.Hashes.sha256Hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Checked before asked, with the real launcher on a pseudo-terminal (util-linux {@code script}):
 * a person is never asked for a value, a new passphrase or a provider's key that the command then
 * throws away. Each refusal is checked on the screen: the prompts shown stop before the thing that
 * would have been lost, the line ends with the next command to run, and the vault is unchanged.
 * Also the other ways into the first run: {@code setup} with its menu, and {@code setup --key-file
 * NEW} for a machine, whose printed agent line starts a program with no terminal at all.
 */
class CheckBeforeAskingIT {
    private static final String PASSPHRASE = "checked before asked " + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    private static final String KEY = "sk-proj-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(24));

    @TempDir
    Path folder;
    KeystashCli cli;

    @BeforeEach
    void needsScript() {
        assumeTrue(PseudoTerminal.available(), "util-linux 'script' is not installed: pseudo-terminal tests skipped");
        cli = new KeystashCli(folder);
        cli.env("PATH", Artifacts.cliDir() + ":" + cli.environment().get("PATH"));
    }

    /** A passphrase-only vault (PBKDF2, the quicker KDF) holding key 'taken'; no unlock source left in the environment. */
    private void passphraseVaultWithKeyTaken() {
        cli.env("API_KEY_MASTER", PASSPHRASE);
        assertThat(cli.run("init", "--kdf", "pbkdf2").status()).isZero();
        assertThat(cli.runWithInput("sk-taken0123456789abcdefghijklmn", "store", "taken", "--provider", "openai").status()).isZero();
        cli.env("API_KEY_MASTER", null);
    }

    private String vaultPrompt() {
        return "Passphrase for " + cli.vaultFile() + ": ";
    }

    private void assertNothingSecretIn(String screen) {
        assertThat(screen.contains(PASSPHRASE)).as("the passphrase appears on the screen").isFalse();
        assertThat(screen.contains(KEY)).as("the key appears on the screen").isFalse();
    }

    @Test
    void aWrongPassphraseStopsStoreBeforeTheValueIsAsked() throws Exception {
        passphraseVaultWithKeyTaken();
        byte[] before = Files.readAllBytes(cli.vaultFile());
        try (PseudoTerminal terminal = PseudoTerminal.start("keystash store fresh; echo status=$?", cli.environment())) {
            int at = terminal.expect(vaultPrompt(), 0);
            terminal.type("not " + PASSPHRASE);
            at = terminal.expect("keystash: wrong passphrase or key (terminal prompt)", at);
            terminal.expect("status=3", at);
            assertThat(terminal.exitStatus()).isZero();
            assertThat(terminal.screen()).doesNotContain("Value for").contains("keystash doctor");
            assertNothingSecretIn(terminal.screen());
        }
        assertThat(Files.readAllBytes(cli.vaultFile())).isEqualTo(before);
    }

    @Test
    void aTakenNameIsRefusedBeforeTheValueNamingTheCommandThatReplacesIt() throws Exception {
        passphraseVaultWithKeyTaken();
        byte[] before = Files.readAllBytes(cli.vaultFile());
        try (PseudoTerminal terminal = PseudoTerminal.start("keystash store taken; echo status=$?", cli.environment())) {
            int at = terminal.expect(vaultPrompt(), 0);
            terminal.type(PASSPHRASE);
            at = terminal.expect("keystash: key 'taken' already exists; replace it (its history is kept) with: "
                    + "keystash store taken --force", at);
            terminal.expect("status=5", at);
            assertThat(terminal.exitStatus()).isZero();
            assertThat(terminal.screen()).doesNotContain("Value for");
            assertNothingSecretIn(terminal.screen());
        }
        assertThat(Files.readAllBytes(cli.vaultFile())).isEqualTo(before);
        // The same vault, the name free: the passphrase first, then the value, each asked once.
        try (PseudoTerminal terminal = PseudoTerminal.start("keystash store fresh --provider openai", cli.environment())) {
            int at = terminal.expect(vaultPrompt(), 0);
            terminal.type(PASSPHRASE);
            terminal.expect("Value for fresh (hidden): ", at);
            terminal.type(KEY);
            assertThat(terminal.exitStatus()).as(terminal.screen()).isZero();
            assertNothingSecretIn(terminal.screen());
        }
        Result get = cli.env("API_KEY_MASTER", PASSPHRASE).run("get", "fresh");
        assertThat(sha256Hex(get.out())).isEqualTo(sha256Hex(KEY + "\n"));
    }

    @Test
    void setupIntoATakenNameIsRefusedBeforeTheKeyIsPasted() throws Exception {
        passphraseVaultWithKeyTaken();
        cli.env("API_KEY_MASTER", PASSPHRASE);
        assertThat(cli.runWithInput("sk-first0123456789abcdefghijklmn", "setup", "openai").status()).isZero();
        cli.env("API_KEY_MASTER", null);
        byte[] before = Files.readAllBytes(cli.vaultFile());
        try (PseudoTerminal terminal = PseudoTerminal.start("keystash setup openai --profile prod; echo status=$?", cli.environment())) {
            int at = terminal.expect(vaultPrompt(), 0);
            terminal.type(PASSPHRASE);
            at = terminal.expect("with: keystash setup openai --profile prod --force", at);
            terminal.expect("status=5", at);
            assertThat(terminal.exitStatus()).isZero();
            assertThat(terminal.screen()).doesNotContain("Paste your");
        }
        assertThat(Files.readAllBytes(cli.vaultFile())).as("the dry run wrote nothing").isEqualTo(before);
    }

    @Test
    void passwdProvesTheCurrentPassphraseBeforeAskingForANewOne() throws Exception {
        passphraseVaultWithKeyTaken();
        byte[] before = Files.readAllBytes(cli.vaultFile());
        try (PseudoTerminal terminal = PseudoTerminal.start("keystash passwd --kdf pbkdf2; echo status=$?", cli.environment())) {
            int at = terminal.expect(vaultPrompt(), 0);
            terminal.type("not " + PASSPHRASE);
            terminal.expect("status=3", at);
            assertThat(terminal.exitStatus()).isZero();
            assertThat(terminal.screen()).doesNotContain("New vault passphrase");
            assertNothingSecretIn(terminal.screen());
        }
        assertThat(Files.readAllBytes(cli.vaultFile())).isEqualTo(before);
    }

    @Test
    void setupWithoutAProviderIsAMenuOnATerminalAndAUsageErrorWithout() throws Exception {
        try (PseudoTerminal terminal = PseudoTerminal.start("keystash setup", cli.environment())) {
            int at = terminal.expect("Which key do you want to set up?", 0);
            at = terminal.expect("another service", at);
            at = terminal.expect("Number or name [1-7]: ", at);
            terminal.type("openai");
            at = terminal.expect("New vault passphrase: ", at);
            terminal.type(PASSPHRASE);
            at = terminal.expect("Passphrase strength: ", at);
            at = terminal.expect("Repeat vault passphrase: ", at);
            terminal.type(PASSPHRASE);
            terminal.expect("Paste your OpenAI key (input hidden): ", at);
            terminal.type(KEY);
            assertThat(terminal.exitStatus()).as(terminal.screen()).isZero();
            assertThat(terminal.screen()).contains("Stored 'openai' and bound it into profile 'default' as OPENAI_API_KEY.");
            assertNothingSecretIn(terminal.screen());
        }
        Result get = cli.env("API_KEY_MASTER", PASSPHRASE).run("get", "openai");
        assertThat(sha256Hex(get.out())).isEqualTo(sha256Hex(KEY + "\n"));

        byte[] before = Files.readAllBytes(cli.vaultFile());
        Result piped = cli.runWithInput(KEY, "setup");
        assertThat(piped.status()).isEqualTo(2);
        assertThat(piped.err().strip()).isEqualTo("keystash: name the provider (openai, anthropic, google, aws, azure, "
                + "huggingface, custom), e.g.: keystash setup openai");
        assertThat(Files.readAllBytes(cli.vaultFile())).isEqualTo(before);
    }

    @Test
    void setupWithANewKeyFileMakesAMachinesVaultWhoseAgentLineStartsAProgramWithoutATerminal() throws Exception {
        Path keyFile = folder.resolve("machine.key");
        Result setup = cli.runWithInput(KEY, "--key-file", keyFile.toString(), "setup", "openai");
        assertThat(setup.status()).as(setup.toString()).isZero();
        assertThat(setup.err()).contains("Created vault " + cli.vaultFile() + " (unlock with: key file " + keyFile + ").");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(setup.out()).contains("keyfile=" + keyFile);
        assertNothingSecretIn(setup.out() + setup.err());

        Path app = FirstRunIT.appJar(folder.resolve("app.jar"));
        // setsid: a new session without a controlling terminal, as a service manager starts it.
        Result run = cli.shell("setsid -w java $(keystash --key-file '" + keyFile + "' agent-line) -jar '" + app + "'");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("OPENAI_API_KEY sk-*** (" + KEY.length() + " characters, sha256 "
                + sha256Hex(KEY).substring(0, 12) + ")");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void doctorAsksForThePassphraseOnATerminalToCheckTheProfiles() throws Exception {
        passphraseVaultWithKeyTaken();
        cli.env("API_KEY_MASTER", PASSPHRASE);
        assertThat(cli.runWithInput(KEY, "setup", "openai", "--name", "openai-main").status()).isZero();
        cli.env("API_KEY_MASTER", null);
        try (PseudoTerminal terminal = PseudoTerminal.start("keystash doctor; echo status=$?", cli.environment())) {
            int at = terminal.expect(vaultPrompt(), 0);
            terminal.type(PASSPHRASE);
            at = terminal.expect("profile 'default': openai-main as OPENAI_API_KEY", at);
            terminal.expect("status=", at);
            assertThat(terminal.exitStatus()).isZero();
            assertNothingSecretIn(terminal.screen());
        }
        Result withoutTerminal = cli.shell("setsid -w keystash doctor"); // no controlling terminal: nobody to ask
        assertThat(withoutTerminal.out()).contains("profiles and keys not checked")
                .doesNotContain("profile 'default'");
    }
}
