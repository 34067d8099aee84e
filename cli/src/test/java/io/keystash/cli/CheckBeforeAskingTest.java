package io.keystash.cli;

import io.keystash.cli.CliHarness.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static io.keystash.cli.CliHarness.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command that asks for a secret checks what it can first: the vault exists and opens, the
 * name is free, the change would be accepted. A person at a (scripted) terminal is never asked for
 * a value, a second passphrase or a confirmation that is then thrown away: each refusal here comes
 * with the prompts shown so far, which must stop before the thing that would have been lost.
 */
class CheckBeforeAskingTest {
    private static final String PASSPHRASE = "check before asking 42";
    private static final String KEY = "sk-ant-checkfirst0123456789abcdefgh";

    @TempDir
    Path folder;
    CliHarness cli;

    /** A vault opened by a passphrase only (PBKDF2, the quicker KDF), holding key 'taken'. */
    @BeforeEach
    void passphraseVault() {
        cli = new CliHarness(folder).env("API_KEY_MASTER", PASSPHRASE);
        assertThat(cli.run("init", "--kdf", "pbkdf2").status()).isZero();
        cli.store("taken", "sk-taken0123456789abcdefghijkl");
        cli.env("API_KEY_MASTER", null);
    }

    private String vaultPrompt() {
        return "Passphrase for " + cli.vaultFile() + ": ";
    }

    private Result onTerminal(ScriptedTerminal terminal, String... args) {
        return cli.run(new byte[0], terminal, args);
    }

    @Test
    void storeAsksThePassphraseFirstAndNeverTheValueWhenThePassphraseIsWrong() throws Exception {
        byte[] before = cli.vaultBytes();
        ScriptedTerminal terminal = ScriptedTerminal.answering("not the passphrase", KEY);
        Result store = onTerminal(terminal, "store", "fresh");
        assertThat(store.status()).isEqualTo(3);
        assertThat(store.err()).startsWith("keystash: wrong passphrase or key (terminal prompt)");
        assertThat(terminal.prompts).containsExactly(vaultPrompt());
        assertThat(cli.vaultBytes()).isEqualTo(before);
    }

    @Test
    void storeIntoATakenNameIsRefusedBeforeTheValueNamingTheCommandThatReplaces() {
        ScriptedTerminal terminal = ScriptedTerminal.answering(PASSPHRASE, KEY);
        Result store = onTerminal(terminal, "store", "taken");
        assertThat(store.status()).isEqualTo(5);
        assertThat(store.err().strip()).isEqualTo("keystash: key 'taken' already exists; replace it (its history is kept) "
                + "with: keystash store taken --force");
        assertThat(terminal.prompts).containsExactly(vaultPrompt());
    }

    @Test
    void storeOnATerminalThenAsksTheValueOnceTheVaultOpened() {
        ScriptedTerminal terminal = ScriptedTerminal.answering(PASSPHRASE, KEY);
        Result store = onTerminal(terminal, "store", "fresh");
        assertThat(store.status()).as(store.toString()).isZero();
        assertThat(terminal.prompts).containsExactly(vaultPrompt(), "Value for fresh (hidden): ");
        assertThat(sha256(cli.env("API_KEY_MASTER", PASSPHRASE).run("get", "fresh").out())).isEqualTo(sha256(KEY + "\n"));
    }

    @Test
    void aPipedValueIntoATakenNameGetsTheSameMessage() {
        Result store = cli.env("API_KEY_MASTER", PASSPHRASE).runWithInput(KEY, "store", "taken");
        assertThat(store.status()).isEqualTo(5);
        assertThat(store.err()).endsWith("with: keystash store taken --force\n");
    }

    @Test
    void setupIntoATakenNameIsRefusedBeforeTheKeyIsPasted() throws Exception {
        cli.env("API_KEY_MASTER", PASSPHRASE).store("anthropic", KEY, "--provider", "anthropic");
        cli.env("API_KEY_MASTER", null);
        byte[] before = cli.vaultBytes();
        ScriptedTerminal terminal = ScriptedTerminal.answering(PASSPHRASE, KEY);
        Result setup = onTerminal(terminal, "setup", "anthropic", "--profile", "prod");
        assertThat(setup.status()).isEqualTo(5);
        assertThat(setup.err().strip()).endsWith("with: keystash setup anthropic --profile prod --force");
        assertThat(terminal.prompts).containsExactly(vaultPrompt());
        assertThat(cli.vaultBytes()).as("the dry run wrote nothing").isEqualTo(before);
    }

    @Test
    void setupIntoAProfileThatServesTheVariableFromAnotherKeyIsRefusedBeforeTheKeyIsPasted() {
        cli.env("API_KEY_MASTER", PASSPHRASE);
        cli.store("old-anthropic", KEY, "--provider", "anthropic");
        assertThat(cli.run("profile", "create", "default").status()).isZero();
        assertThat(cli.run("profile", "add-key", "default", "old-anthropic").status()).isZero();
        cli.env("API_KEY_MASTER", null);
        ScriptedTerminal terminal = ScriptedTerminal.answering(PASSPHRASE, KEY);
        Result setup = onTerminal(terminal, "setup", "anthropic");
        assertThat(setup.status()).isEqualTo(5);
        assertThat(setup.err()).contains("already serves ANTHROPIC_API_KEY from key 'old-anthropic'");
        assertThat(terminal.prompts).containsExactly(vaultPrompt());
        assertThat(cli.env("API_KEY_MASTER", PASSPHRASE).run("get", "anthropic").status()).as("nothing stored").isEqualTo(4);
    }

    @Test
    void passwdProvesTheCurrentPassphraseBeforeAskingForANewOneTwice() throws Exception {
        byte[] before = cli.vaultBytes();
        ScriptedTerminal terminal = ScriptedTerminal.answering("not the passphrase", "new one 12345", "new one 12345");
        Result passwd = onTerminal(terminal, "passwd", "--kdf", "pbkdf2");
        assertThat(passwd.status()).isEqualTo(3);
        assertThat(terminal.prompts).containsExactly(vaultPrompt());
        assertThat(cli.vaultBytes()).isEqualTo(before);
    }

    @Test
    void keyfileCreateRefusesAnExistingFileBeforeAskingForThePassphrase() throws Exception {
        Path existing = Files.writeString(folder.resolve("ci.key"), "not a key");
        ScriptedTerminal terminal = ScriptedTerminal.answering(PASSPHRASE);
        Result create = onTerminal(terminal, "keyfile", "create", existing.toString());
        assertThat(create.status()).isEqualTo(5);
        assertThat(create.err().strip()).isEqualTo("keystash: " + existing + " already exists and is never overwritten; "
                + "give a new path, e.g.: keystash keyfile create " + folder.resolve("ci-2.key"));
        assertThat(terminal.prompts).isEmpty();
        assertThat(Files.readString(existing)).isEqualTo("not a key");
    }

    @Test
    void keyfileCreateInAFolderThatDoesNotExistIsRefusedBeforeAskingToo() {
        Path nowhere = folder.resolve("no/such/folder/ci.key");
        ScriptedTerminal terminal = ScriptedTerminal.answering(PASSPHRASE);
        Result create = onTerminal(terminal, "keyfile", "create", nowhere.toString());
        assertThat(create.status()).isEqualTo(6);
        assertThat(create.err().strip()).endsWith("create it with: mkdir -p " + nowhere.getParent());
        assertThat(terminal.prompts).isEmpty();
    }

    @Test
    void initWithAnExistingKeyFileIsRefusedBeforeAPassphraseIsAsked(@TempDir Path elsewhere) throws Exception {
        CliHarness fresh = new CliHarness(elsewhere);
        Path existing = Files.writeString(elsewhere.resolve("app.key"), "someone's key");
        ScriptedTerminal terminal = ScriptedTerminal.answering(PASSPHRASE, PASSPHRASE);
        Result init = fresh.run(new byte[0], terminal, "--key-file", existing.toString(), "init");
        assertThat(init.status()).isEqualTo(5);
        assertThat(init.err()).contains("e.g.: keystash init --key-file " + elsewhere.resolve("app-2.key"));
        assertThat(terminal.prompts).isEmpty();
        assertThat(fresh.vaultFile()).doesNotExist();
    }

    @Test
    void deleteFindsTheKeyBeforeAskingForConfirmation() {
        ScriptedTerminal terminal = ScriptedTerminal.answering(PASSPHRASE, "y");
        Result delete = onTerminal(terminal, "delete", "absent");
        assertThat(delete.status()).isEqualTo(4);
        assertThat(terminal.prompts).containsExactly(vaultPrompt());

        ScriptedTerminal confirming = ScriptedTerminal.answering(PASSPHRASE, "y");
        Result deleted = onTerminal(confirming, "delete", "taken");
        assertThat(deleted.status()).as(deleted.toString()).isZero();
        assertThat(confirming.prompts).containsExactly(vaultPrompt(), "Delete key 'taken' and all its versions? [y/N] ");
    }

    @Test
    void importOfSealedSecretsProvesTheVaultsPassphraseBeforeAskingForTheExports(@TempDir Path other) throws Exception {
        CliHarness source = CliHarness.withVault(other);
        source.store("exported", KEY);
        Path export = other.resolve("export.json");
        assertThat(source.run("export", export.toString(), "--include-secrets").status()).isZero();
        byte[] before = cli.vaultBytes();
        ScriptedTerminal terminal = ScriptedTerminal.answering("not the passphrase", "the export's passphrase");
        Result imported = onTerminal(terminal, "import", export.toString());
        assertThat(imported.status()).isEqualTo(3);
        assertThat(terminal.prompts).containsExactly(vaultPrompt());
        assertThat(cli.vaultBytes()).isEqualTo(before);
    }

    @Test
    void setupOnAFreshMachineAsksThePassphraseTwiceWithAHintThenTheKey(@TempDir Path elsewhere) {
        CliHarness fresh = new CliHarness(elsewhere);
        ScriptedTerminal terminal = ScriptedTerminal.answering(PASSPHRASE, PASSPHRASE, KEY);
        Result setup = fresh.run(new byte[0], terminal, "setup", "anthropic");
        assertThat(setup.status()).as(setup.toString()).isZero();
        assertThat(terminal.prompts).containsExactly("New vault passphrase: ", "Repeat vault passphrase: ",
                "Paste your Anthropic key (input hidden): ");
        assertThat(terminal.said).hasSize(3);
        assertThat(terminal.said.get(0)).startsWith("Setting up Anthropic");
        assertThat(terminal.said.get(1)).startsWith("No vault at " + fresh.vaultFile());
        assertThat(terminal.said.get(2)).startsWith("Passphrase strength: ");
        assertThat(String.join("\n", terminal.said) + setup.err() + setup.out()).doesNotContain(PASSPHRASE).doesNotContain(KEY);
        assertThat(sha256(fresh.env("API_KEY_MASTER", PASSPHRASE).run("get", "anthropic").out())).isEqualTo(sha256(KEY + "\n"));
    }

    @Test
    void setupWithANewKeyFileMakesTheMachinesVaultAndKeyInOneCommand(@TempDir Path elsewhere) throws Exception {
        CliHarness fresh = new CliHarness(elsewhere);
        Path keyFile = elsewhere.resolve("machine.key");
        Result setup = fresh.runWithInput(KEY, "--key-file", keyFile.toString(), "setup", "anthropic");
        assertThat(setup.status()).as(setup.toString()).isZero();
        assertThat(setup.err()).contains("Created vault " + fresh.vaultFile() + " (unlock with: key file " + keyFile + ").");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(setup.out()).contains("keyfile=" + keyFile);
        Result get = fresh.env("KEYSTASH_KEY_FILE", keyFile.toString()).run("get", "anthropic");
        assertThat(sha256(get.out())).isEqualTo(sha256(KEY + "\n"));
    }

    @Test
    void setupWithoutAProviderOffersAMenuOnATerminal() {
        ScriptedTerminal terminal = ScriptedTerminal.answering("2", PASSPHRASE, KEY);
        Result setup = onTerminal(terminal, "setup");
        assertThat(setup.status()).as(setup.toString()).isZero();
        assertThat(terminal.said.get(0)).isEqualTo("Which key do you want to set up?");
        assertThat(terminal.said).anySatisfy(line -> assertThat(line).contains("2) Anthropic").contains("ANTHROPIC_API_KEY"))
                .anySatisfy(line -> assertThat(line).contains("7) another service"));
        assertThat(terminal.prompts).containsExactly("Number or name [1-7]: ", vaultPrompt(),
                "Paste your Anthropic key (input hidden): ");
        assertThat(cli.env("API_KEY_MASTER", PASSPHRASE).run("profile", "show", "default").out()).contains("ANTHROPIC_API_KEY");
    }

    @Test
    void theMenusOtherServiceAsksForTheNameAndTheVariable() {
        ScriptedTerminal terminal = ScriptedTerminal.answering("custom", "billing", "BILLING_TOKEN", PASSPHRASE, "tok-123");
        Result setup = onTerminal(terminal, "setup");
        assertThat(setup.status()).as(setup.toString()).isZero();
        assertThat(setup.err()).contains("Stored 'billing' and bound it into profile 'default' as BILLING_TOKEN.");
    }

    @Test
    void setupWithoutAProviderAndWithoutATerminalIsAUsageError() throws Exception {
        byte[] before = cli.vaultBytes();
        Result setup = cli.runWithInput(KEY, "setup");
        assertThat(setup.status()).isEqualTo(2);
        assertThat(setup.err().strip()).isEqualTo("keystash: name the provider (openai, anthropic, google, aws, azure, "
                + "huggingface, custom), e.g.: keystash setup openai");
        assertThat(cli.vaultBytes()).isEqualTo(before);
    }

    @Test
    void anAnswerThatIsNoProviderIsAUsageErrorAndNothingElseIsAsked() {
        ScriptedTerminal terminal = ScriptedTerminal.answering("9", PASSPHRASE, KEY);
        Result setup = onTerminal(terminal, "setup");
        assertThat(setup.status()).isEqualTo(2);
        assertThat(setup.err().strip()).isEqualTo("keystash: no provider 9; choose one of 1-7, or name it: keystash setup openai");
        assertThat(terminal.prompts).containsExactly("Number or name [1-7]: ");
    }
}
