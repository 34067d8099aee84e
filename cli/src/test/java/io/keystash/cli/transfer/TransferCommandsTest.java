package io.keystash.cli.transfer;

import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import io.keystash.cli.ScriptedTerminal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static io.keystash.cli.CliHarness.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code export} and {@code import} in-process: a source vault unlocked by a key file (and a
 * passphrase where a test adds one), a target vault with another key file, and what arrives, what is refused and what
 * is said on the way.
 */
class TransferCommandsTest {
    private static final String SOURCE_PASS = "source passphrase";
    private static final String OPENAI = "sk-transfertest0123456789abcdef";
    private static final String MULTI = "two\nlines 'and' \"quotes\" $HOME";

    @TempDir
    Path folder;
    CliHarness source;
    CliHarness target;

    @BeforeEach
    void vaults() throws Exception {
        Files.createDirectories(folder.resolve("a"));
        Files.createDirectories(folder.resolve("b"));
        Files.createDirectories(folder.resolve("c"));
        source = CliHarness.withVault(folder.resolve("a"));
        source.store("openai", OPENAI, "--provider", "openai", "--tag", "prod", "--expires", "2031-01-31",
                "--rotate-every", "90d", "--setting", "OPENAI_ORG_ID=org-1", "--rate-limit", "60/min");
        source.store("openai", OPENAI + "-v2", "--provider", "openai", "--force");
        source.store("db", MULTI, "--env", "DB_PASSWORD", "--description", "the database");
        assertThat(source.run("profile", "create", "dev").status()).isZero();
        assertThat(source.run("profile", "add-key", "dev", "openai").status()).isZero();
        assertThat(source.run("profile", "add-key", "dev", "db", "--property", "db.password").status()).isZero();
        // Another key file: a passphrase would cost a KDF run per command (the it-tests use passphrases).
        target = CliHarness.withVault(folder.resolve("b"));
    }

    private Path file(String name) {
        return folder.resolve(name);
    }

    private void assertTargetHoldsTheSource() {
        assertThat(target.run("list", "--json").out()).isEqualTo(source.run("list", "--json").out());
        assertThat(target.run("profile", "show", "dev", "--json").out()).isEqualTo(source.run("profile", "show", "dev", "--json").out());
        for (String[] version : new String[][] {{"openai", "1"}, {"openai", "2"}, {"db", "1"}}) {
            assertThat(sha256(target.run("get", version[0], "--version", version[1]).out()))
                    .as(version[0] + " v" + version[1])
                    .isEqualTo(sha256(source.run("get", version[0], "--version", version[1]).out()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"backup.json", "backup.yaml"})
    void sealedExportMovesEverythingToAVaultWithAnotherKey(String name) throws Exception {
        Result export = source.run("export", file(name).toString(), "--include-secrets");
        assertThat(export.status()).as(export.toString()).isZero();
        assertThat(export.err()).contains("secrets: sealed");
        assertThat(export.out()).isEmpty();
        String content = Files.readString(file(name));
        assertThat(content.contains(OPENAI) || content.contains("two\nlines")).as("export holds a clear value").isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file(name)))).isEqualTo("rw-------");

        Result imported = target.run("import", file(name).toString(), "--from-key-file", source.keyFile().toString());

        assertThat(imported.status()).as(imported.toString()).isZero();
        assertThat(imported.err()).contains("2 keys added; 1 profile created");
        assertTargetHoldsTheSource();
    }

    @Test
    void sealedSecretsOpenWithTheSourcePassphraseFile() throws Exception {
        assertThat(source.runWithInput(SOURCE_PASS, "passwd", "--kdf", "pbkdf2").status()).isZero();
        assertThat(source.run("export", file("b.yml").toString(), "--include-secrets").status()).isZero();
        Path passFile = file("source.pass");
        Files.writeString(passFile, SOURCE_PASS + "\n");

        Result imported = target.run("import", file("b.yml").toString(), "--from-passphrase-file", passFile.toString());

        assertThat(imported.status()).as(imported.toString()).isZero();
        assertTargetHoldsTheSource();
    }

    @Test
    void sealedSecretsTryTheTargetsOwnCredentialThenAskOnATerminal() throws Exception {
        assertThat(source.runWithInput(SOURCE_PASS, "passwd", "--kdf", "pbkdf2").status()).isZero();
        assertThat(source.run("export", file("b.json").toString(), "--include-secrets").status()).isZero();
        byte[] before = target.vaultBytes();

        Result refused = target.run("import", file("b.json").toString());
        assertThat(refused.status()).isEqualTo(3);
        assertThat(refused.err()).startsWith("keystash: wrong passphrase or key for the secrets in ")
                .contains("--from-key-file FILE or --from-passphrase-file FILE");
        assertThat(target.vaultBytes()).isEqualTo(before);

        ScriptedTerminal terminal = ScriptedTerminal.answering(SOURCE_PASS);
        Result asked = target.run(new byte[0], terminal, "import", file("b.json").toString());
        assertThat(asked.status()).as(asked.toString()).isZero();
        assertThat(terminal.prompts).containsExactly("Passphrase for the secrets in " + file("b.json") + ": ");
        assertTargetHoldsTheSource();
    }

    @Test
    void aVaultSharingThePassphraseOpensTheSecretsWithoutOptions() {
        source.env("KEYSTASH_KEY_FILE", null).env("API_KEY_MASTER", null);
        CliHarness shared = new CliHarness(folder.resolve("c")).env("API_KEY_MASTER", SOURCE_PASS);
        assertThat(shared.run("init", "--kdf", "pbkdf2").status()).isZero();
        source.env("KEYSTASH_KEY_FILE", source.keyFile().toString());
        assertThat(source.runWithInput(SOURCE_PASS, "passwd", "--kdf", "pbkdf2").status()).isZero();
        assertThat(source.run("export", file("s.json").toString(), "--include-secrets").status()).isZero();

        Result imported = shared.run("import", file("s.json").toString());

        assertThat(imported.status()).as(imported.toString()).isZero();
        assertThat(sha256(shared.run("get", "db").out())).isEqualTo(sha256(source.run("get", "db").out()));
    }

    @Test
    void plaintextExportWarnsAndIsPrivate() throws Exception {
        Result export = source.run("export", file("clear.json").toString(), "--include-secrets", "--plaintext");

        assertThat(export.status()).isZero();
        assertThat(export.err()).contains("keystash: warning: ").contains("clear text");
        assertThat(export.err().contains(OPENAI)).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file("clear.json")))).isEqualTo("rw-------");
        assertThat(Files.readString(file("clear.json")).contains(OPENAI)).isTrue();

        assertThat(target.run("import", file("clear.json").toString()).status()).isZero();
        assertTargetHoldsTheSource();
    }

    @Test
    void metadataOnlyExportRestoresProfilesOntoKeysTheTargetHas() throws Exception {
        assertThat(source.run("export", file("meta.yaml").toString()).status()).isZero();
        assertThat(Files.readString(file("meta.yaml"))).doesNotContain("value");
        byte[] before = target.vaultBytes();

        Result missing = target.run("import", file("meta.yaml").toString());
        assertThat(missing.status()).isEqualTo(4);
        assertThat(missing.err()).contains("it was exported without --include-secrets");
        assertThat(target.vaultBytes()).isEqualTo(before);

        target.store("openai", "target's own", "--provider", "openai");
        target.store("db", "target's db");
        Result conflict = target.run("import", file("meta.yaml").toString());
        assertThat(conflict.status()).isEqualTo(5);
        assertThat(conflict.err()).contains("exists with other metadata").contains("--force");

        Result forced = target.run("import", file("meta.yaml").toString(), "--force");
        assertThat(forced.status()).as(forced.toString()).isZero();
        assertThat(target.run("profile", "show", "dev", "--json").out()).isEqualTo(source.run("profile", "show", "dev", "--json").out());
        assertThat(target.run("get", "db").out()).isEqualTo("target's db\n");
    }

    @Test
    void anImportThatConflictsChangesNothingAndForceReplaces() throws Exception {
        assertThat(source.run("export", file("x.json").toString(), "--include-secrets", "--plaintext").status()).isZero();
        target.store("db", "already here");
        byte[] before = target.vaultBytes();

        Result conflict = target.run("import", file("x.json").toString());
        assertThat(conflict.status()).isEqualTo(5);
        assertThat(conflict.err()).isEqualTo("keystash: key 'db' already exists; nothing was imported (--force replaces)\n");
        assertThat(target.vaultBytes()).isEqualTo(before);
        assertThat(target.run("list").out()).doesNotContain("openai");

        Result forced = target.run("import", file("x.json").toString(), "--force");
        assertThat(forced.status()).isZero();
        assertThat(sha256(target.run("get", "db").out())).isEqualTo(sha256(source.run("get", "db").out()));
        assertThat(target.run("get", "db", "--version", "1").out()).isEqualTo("already here\n");
    }

    @Test
    void profileOptionImportsOneProfileOfAnExport() throws Exception {
        source.store("loner", "alone");
        assertThat(source.run("export", file("x.yaml").toString(), "--include-secrets", "--plaintext").status()).isZero();

        assertThat(target.run("import", file("x.yaml").toString(), "--profile", "dev").status()).isZero();
        assertThat(target.run("list").out()).contains("openai").contains("db").doesNotContain("loner");
        assertThat(target.run("import", file("x.yaml").toString(), "--profile", "nope").status()).isEqualTo(4);
    }

    @Test
    void dotenvFileBecomesKeysAndBindingsThatProfileLoadServesBack() throws Exception {
        Path env = file(".env");
        Files.writeString(env, "# app settings\nexport OPENAI_API_KEY=sk-envfile0123456789abcdefgh # prod\n"
                + "DB_URL=\"postgres://u:p@h/db\\nnext\"\n_PRIVATE='it is $literal'\n");

        Result imported = target.run("import", env.toString(), "--profile", "local");

        assertThat(imported.status()).as(imported.toString()).isZero();
        assertThat(imported.err()).isEqualTo("Imported " + env + ": 3 keys added; 1 profile created.\n");
        assertThat(target.run("list").out()).contains("PRIVATE").contains("openai");
        String exports = target.run("profile", "load", "local", "--export").out();
        assertThat(exports.lines()).containsExactly(
                "export OPENAI_API_KEY='sk-envfile0123456789abcdefgh'",
                "export DB_URL='postgres://u:p@h/db",
                "next'",
                "export _PRIVATE='it is $literal'");
    }

    @Test
    void formatsComeFromTheOptionOrTheNameAndDefaultsAreAnnounced() throws Exception {
        Result export = source.run("export", file("config.out").toString());
        assertThat(export.status()).isZero();
        assertThat(export.err()).startsWith("keystash: note: writing JSON");
        assertThat(Files.readString(file("config.out"))).startsWith("{");

        Result yaml = source.run("export", file("config.txt").toString(), "--format", "yaml");
        assertThat(yaml.status()).isZero();
        assertThat(Files.readString(file("config.txt"))).startsWith("keystash-export: 1");

        Files.writeString(file("settings"), "A=1\n");
        Result guessed = target.run("import", file("settings").toString());
        assertThat(guessed.status()).isZero();
        assertThat(guessed.err()).startsWith("keystash: note: reading settings as a .env file");
    }

    @Test
    void exportRefusalsTouchNothing() throws Exception {
        Files.writeString(file("taken.json"), "mine");
        Result taken = source.run("export", file("taken.json").toString());
        assertThat(taken.status()).isEqualTo(5);
        assertThat(Files.readString(file("taken.json"))).isEqualTo("mine");
        assertThat(source.run("export", file("taken.json").toString(), "--force").status()).isZero();

        Result plaintextAlone = source.run("export", file("p.json").toString(), "--plaintext");
        assertThat(plaintextAlone.status()).isEqualTo(2);
        assertThat(plaintextAlone.err()).isEqualTo("keystash: --plaintext only goes with --include-secrets\n");
        assertThat(source.run("export", file("e.env").toString()).status()).isEqualTo(2);
        assertThat(source.run("export", file("p.json").toString(), "--format", "xml").status()).isEqualTo(2);
        assertThat(Files.exists(file("p.json"))).isFalse();
        assertThat(Files.exists(file("e.env"))).isFalse();
    }

    @Test
    void exportAndImportAreAudited() throws Exception {
        assertThat(source.run("export", file("x.json").toString(), "--include-secrets", "--plaintext").status()).isZero();
        assertThat(target.run("import", file("x.json").toString()).status()).isZero();
        assertThat(source.run("audit").out()).contains("export");
        assertThat(target.run("audit").out()).contains("import");
        assertThat(target.run("audit", "--verify").status()).isZero();
        assertThat(new String(Files.readAllBytes(target.home().resolve("audit.log")), StandardCharsets.UTF_8)).doesNotContain(OPENAI);
    }
}
