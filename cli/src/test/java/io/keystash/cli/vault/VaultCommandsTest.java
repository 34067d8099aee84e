package io.keystash.cli.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import io.keystash.cli.ScriptedTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** init, passwd, keyfile create, audit. Passphrase cases use PBKDF2 or one Argon2id run each. */
class VaultCommandsTest {
    @TempDir
    Path folder;

    @Test
    void initWithKeyFileWritesAPrivateKeyFileAndRefusesToOverwrite() throws Exception {
        CliHarness cli = CliHarness.withVault(folder);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cli.keyFile()))).isEqualTo("rw-------");
        Result again = cli.run("--key-file", cli.keyFile().toString(), "init");
        assertThat(again.status()).isEqualTo(5);
        assertThat(again.err()).contains("already exists");
    }

    @Test
    void initWithAnExistingKeyFilePathIsRefusedAndCreatesNothing() throws Exception {
        CliHarness cli = new CliHarness(folder);
        Files.writeString(cli.keyFile(), "something");
        Result result = cli.run("--key-file", cli.keyFile().toString(), "init");
        assertThat(result.status()).isEqualTo(5);
        assertThat(Files.exists(cli.vaultFile())).isFalse();
    }

    @Test
    void initWithoutAnyPassphraseFailsClearly() {
        Result result = new CliHarness(folder).run("init");
        assertThat(result.status()).isEqualTo(3);
        assertThat(result.err()).startsWith("keystash: no passphrase for the new vault").contains("--key-file");
    }

    @Test
    void initAsksTwiceOnATerminalAndRefusesAMismatch() {
        CliHarness cli = new CliHarness(folder);
        ScriptedTerminal mismatch = ScriptedTerminal.answering("one", "two");
        Result result = cli.run(new byte[0], mismatch, "init");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("differ");
        assertThat(mismatch.prompts).containsExactly("New vault passphrase: ", "Repeat vault passphrase: ");
        assertThat(Files.exists(cli.vaultFile())).isFalse();
    }

    @Test
    void initFromStdinWithPbkdf2ThenUnlockWithTheVariable() {
        CliHarness cli = new CliHarness(folder);
        Result init = cli.runWithInput("piped passphrase\n", "init", "--kdf", "pbkdf2");
        assertThat(init.status()).as(init.toString()).isZero();
        assertThat(init.err()).contains("pbkdf2-sha256 i=600000");
        cli.env("API_KEY_MASTER", "piped passphrase");
        assertThat(cli.run("list").status()).isZero();
    }

    @Test
    void initWithKeyFileAndPassphraseFileMakesTwoSlots() throws Exception {
        CliHarness cli = new CliHarness(folder);
        Path passphraseFile = folder.resolve("pass.txt");
        Files.writeString(passphraseFile, "file passphrase\n");
        Result init = cli.run("--key-file", cli.keyFile().toString(), "--passphrase-file", passphraseFile.toString(),
                "init", "--kdf", "pbkdf2");
        assertThat(init.status()).as(init.toString()).isZero();
        assertThat(cli.run("--key-file", cli.keyFile().toString(), "list").status()).isZero();
        assertThat(cli.run("--passphrase-file", passphraseFile.toString(), "list").status()).isZero();
    }

    @Test
    void passwdReplacesThePassphraseAndKeepsKeyFiles() {
        CliHarness cli = CliHarness.withVault(folder);
        cli.store("k", "v");
        Result passwd = cli.runWithInput("new passphrase", "passwd", "--kdf", "pbkdf2");
        assertThat(passwd.status()).as(passwd.toString()).isZero();
        cli.env("KEYSTASH_KEY_FILE", null).env("API_KEY_MASTER", "new passphrase");
        assertThat(cli.run("get", "k").status()).isZero();
        cli.env("API_KEY_MASTER", "wrong");
        assertThat(cli.run("get", "k").status()).isEqualTo(3);
        cli.env("API_KEY_MASTER", null).env("KEYSTASH_KEY_FILE", cli.keyFile().toString());
        assertThat(cli.run("get", "k").status()).isZero();
    }

    @Test
    void passwdAsksTwiceOnATerminal() {
        CliHarness cli = CliHarness.withVault(folder);
        ScriptedTerminal terminal = ScriptedTerminal.answering("abc", "abc");
        Result passwd = cli.run(new byte[0], terminal, "passwd", "--kdf", "pbkdf2");
        assertThat(passwd.status()).as(passwd.toString()).isZero();
        assertThat(terminal.prompts).hasSize(2);
    }

    @Test
    void keyfileCreateAddsASlotAndRefusesAnExistingFile() throws Exception {
        CliHarness cli = CliHarness.withVault(folder);
        cli.store("k", "v");
        Path second = folder.resolve("second.key");
        Result create = cli.run("keyfile", "create", second.toString());
        assertThat(create.status()).as(create.toString()).isZero();
        cli.env("KEYSTASH_KEY_FILE", second.toString());
        assertThat(cli.run("get", "k").status()).isZero();
        byte[] before = cli.vaultBytes();
        assertThat(cli.run("keyfile", "create", second.toString()).status()).isEqualTo(5);
        assertThat(cli.vaultBytes()).isEqualTo(before);
    }

    @Test
    void keyfileCreateWithAWrongKeyLeavesNoFile() throws Exception {
        CliHarness cli = CliHarness.withVault(folder);
        Path otherKey = folder.resolve("other.key");
        new CliHarness(folder.resolve("x")).run("--key-file", otherKey.toString(), "init");
        Path wanted = folder.resolve("new.key");
        Result result = cli.run("--key-file", otherKey.toString(), "keyfile", "create", wanted.toString());
        assertThat(result.status()).isEqualTo(3);
        assertThat(Files.exists(wanted)).isFalse();
    }

    @Test
    void auditRecordsOperationsWithoutValuesAndVerifies() throws Exception {
        CliHarness cli = CliHarness.withVault(folder);
        cli.store("k", "audit-secret-value");
        cli.run("get", "k");
        cli.run("get", "missing");
        Result audit = cli.run("audit");
        assertThat(audit.status()).isZero();
        assertThat(audit.out()).contains("init").contains("store").contains("get").contains("failed: not_found");
        assertThat(audit.out().contains("audit-secret-value")).isFalse();
        JsonNode json = new ObjectMapper().readTree(cli.run("audit", "--json").out());
        assertThat(json.get(1).get("op").asText()).isEqualTo("store");
        assertThat(json.get(1).get("versions").get(0).asInt()).isEqualTo(1);
        assertThat(Files.readString(cli.home().resolve("audit.log")).contains("audit-secret-value")).isFalse();

        Result verify = cli.run("audit", "--verify");
        assertThat(verify.status()).isZero();
        assertThat(verify.out()).contains("intact");
    }

    @Test
    void auditVerifyFindsAnEditedLineWithStatus1() throws Exception {
        CliHarness cli = CliHarness.withVault(folder);
        cli.store("k", "v");
        Path log = cli.home().resolve("audit.log");
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        lines.set(1, lines.get(1).replace("\"op\":\"store\"", "\"op\":\"stork\""));
        Files.write(log, lines, StandardCharsets.UTF_8);
        Result verify = cli.run("audit", "--verify");
        assertThat(verify.status()).isEqualTo(1);
        assertThat(verify.out()).contains("line 2");
        JsonNode json = new ObjectMapper().readTree(cli.run("audit", "--verify", "--json").out());
        assertThat(json.get("intact").asBoolean()).isFalse();
    }
}
