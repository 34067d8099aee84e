package io.keystash.it.cli;

import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.keystash.it.support.Hashes.sha256Hex;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code export} and {@code import} through the real launcher: two vaults with different
 * passphrases exchange keys (sealed and in clear, JSON and YAML), a {@code .env} file becomes a
 * profile whose {@code profile load --export} lines a real shell evaluates back to the values,
 * and refused imports leave the vault byte-for-byte unchanged.
 */
class TransferIT {
    private static final String OPENAI = "sk-transferit0123456789abcdefghij";
    private static final String MULTI = "line one\nline 'two' \"three\" $HOME \\ `x`";

    @TempDir
    Path folder;

    /** A vault unlocked by {@code passphrase} (PBKDF2 to keep the KDF short), through API_KEY_MASTER. */
    private KeystashCli passphraseVault(String name, String passphrase) throws Exception {
        KeystashCli cli = new KeystashCli(Files.createDirectories(folder.resolve(name))).env("API_KEY_MASTER", passphrase);
        Result init = cli.run("init", "--kdf", "pbkdf2");
        assertThat(init.status()).as(init.toString()).isZero();
        return cli;
    }

    private static void fill(KeystashCli cli) {
        assertThat(cli.runWithInput(OPENAI, "store", "openai", "--provider", "openai", "--tag", "prod",
                "--expires", "2031-01-31", "--setting", "OPENAI_ORG_ID=org-1").status()).isZero();
        assertThat(cli.runWithInput(MULTI, "store", "db", "--env", "DB_PASSWORD").status()).isZero();
        assertThat(cli.run("profile", "create", "dev").status()).isZero();
        assertThat(cli.run("profile", "add-key", "dev", "openai").status()).isZero();
        assertThat(cli.run("profile", "add-key", "dev", "db").status()).isZero();
    }

    private static void assertSameContent(KeystashCli expected, KeystashCli actual) {
        assertThat(actual.run("list", "--json").out()).isEqualTo(expected.run("list", "--json").out());
        assertThat(actual.run("profile", "show", "dev", "--json").out()).isEqualTo(expected.run("profile", "show", "dev", "--json").out());
        for (String key : List.of("openai", "db")) {
            assertThat(sha256Hex(actual.run("get", key).out())).as(key).isEqualTo(sha256Hex(expected.run("get", key).out()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"backup.json", "backup.yaml"})
    void sealedExportMovesKeysBetweenVaultsWithDifferentPassphrases(String name) throws Exception {
        KeystashCli source = passphraseVault("source", "the source passphrase");
        KeystashCli target = passphraseVault("target", "a different passphrase");
        fill(source);
        Path export = folder.resolve(name);
        Path sourcePass = folder.resolve("source.pass");
        Files.writeString(sourcePass, "the source passphrase\n");

        Result exported = source.run("export", export.toString(), "--include-secrets");
        assertThat(exported.status()).as(exported.toString()).isZero();
        String content = Files.readString(export);
        assertThat(content.contains(OPENAI) || content.contains("line one")).as("a clear value in the export").isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(export))).isEqualTo("rw-------");

        byte[] before = Files.readAllBytes(target.vaultFile());
        Result wrong = target.run("import", export.toString());
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(3);
        assertThat(wrong.err()).startsWith("keystash: wrong passphrase or key for the secrets in");
        assertThat(Files.readAllBytes(target.vaultFile())).isEqualTo(before);

        Result imported = target.run("import", export.toString(), "--from-passphrase-file", sourcePass.toString());
        assertThat(imported.status()).as(imported.toString()).isZero();
        assertThat(imported.out()).isEmpty();
        assertSameContent(source, target);
    }

    @Test
    void plaintextAndMetadataOnlyExportsRoundTrip() throws Exception {
        KeystashCli source = KeystashCli.withVault(Files.createDirectories(folder.resolve("source")));
        KeystashCli target = KeystashCli.withVault(Files.createDirectories(folder.resolve("target")));
        fill(source);
        Path clear = folder.resolve("clear.yml");
        Result exported = source.run("export", clear.toString(), "--include-secrets", "--plaintext");
        assertThat(exported.status()).isZero();
        assertThat(exported.err()).contains("warning").doesNotContain(OPENAI);

        assertThat(target.run("import", clear.toString()).status()).isZero();
        assertSameContent(source, target);

        Path meta = folder.resolve("meta.json");
        assertThat(source.run("profile", "create", "prod").status()).isZero();
        assertThat(source.run("profile", "add-key", "prod", "db", "--property", "db.password").status()).isZero();
        assertThat(source.run("export", meta.toString()).status()).isZero();
        Result restored = target.run("import", meta.toString());
        assertThat(restored.status()).as(restored.toString()).isZero();
        assertThat(target.run("profile", "show", "prod", "--json").out()).isEqualTo(source.run("profile", "show", "prod", "--json").out());
    }

    @Test
    void dotenvImportThenProfileLoadEvaluatesBackToTheValuesInARealShell() throws Exception {
        KeystashCli cli = KeystashCli.withVault(Files.createDirectories(folder.resolve("vault")));
        Path env = folder.resolve("app.env");
        Files.writeString(env, "# from the old setup\nexport OPENAI_API_KEY=" + OPENAI + "  # prod key\n"
                + "DB_PASSWORD=\"line one\\nline 'two' \\\"three\\\" \\$HOME \\\\ `x`\"\n");

        Result imported = cli.run("import", env.toString(), "--profile", "app");
        assertThat(imported.status()).as(imported.toString()).isZero();
        String lines = cli.run("profile", "load", "app", "--export").out();

        Process sh = new ProcessBuilder("sh", "-c", lines + "printf '%s\\0%s' \"$OPENAI_API_KEY\" \"$DB_PASSWORD\"").start();
        sh.getOutputStream().close();
        byte[] out = sh.getInputStream().readAllBytes();
        assertThat(sh.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String[] values = new String(out, StandardCharsets.UTF_8).split("\0", -1);
        assertThat(values).hasSize(2);
        assertThat(sha256Hex(values[0])).isEqualTo(sha256Hex(OPENAI));
        assertThat(sha256Hex(values[1])).isEqualTo(sha256Hex(MULTI));
    }

    @Test
    void refusedImportsLeaveTheVaultUnchanged() throws Exception {
        KeystashCli cli = KeystashCli.withVault(Files.createDirectories(folder.resolve("vault")));
        fill(cli);
        Path good = folder.resolve("good.json");
        assertThat(cli.run("export", good.toString(), "--include-secrets").status()).isZero();
        String json = Files.readString(good);
        assertThat(cli.runWithInput("changed since the export", "store", "db", "--env", "DB_PASSWORD", "--force").status()).isZero();
        byte[] before = Files.readAllBytes(cli.vaultFile());
        String[][] cases = {
            {"conflict.json", json, "5", "already exists"},
            {"truncated.json", json.substring(0, json.length() / 2), "2", "not valid JSON at line"},
            {"wrong-type.json", json.replace("\"keep\" : 10", "\"keep\" : true"), "2", "keep: expected a whole number"},
            {"bad-name.json", json.replace("\"name\" : \"db\"", "\"name\" : \"d b\""), "2", "invalid key name"},
            {"garbage.yaml", "\u0000\u0001binary\u00ff", "2", "cannot import"},
            {"dup.env", "A=1\nA=2\n", "2", "line 2: A is already set on line 1"},
        };
        for (String[] c : cases) {
            Path file = folder.resolve(c[0]);
            Files.writeString(file, c[1]);
            Result result = cli.run("import", file.toString());
            assertThat(result.status()).as(c[0] + ": " + result).isEqualTo(Integer.parseInt(c[2]));
            assertThat(result.err()).as(c[0]).startsWith("keystash: ").contains(c[3]);
            assertThat(result.err().strip().lines()).as(c[0]).hasSize(1);
            assertThat(Files.readAllBytes(cli.vaultFile())).as(c[0] + ": vault changed").isEqualTo(before);
        }
        Path huge = folder.resolve("huge.env");
        Files.write(huge, new byte[16 * 1024 * 1024 + 1]);
        Result tooBig = cli.run("import", huge.toString());
        assertThat(tooBig.status()).isEqualTo(2);
        assertThat(tooBig.err()).contains("larger than 16777216 bytes");
        assertThat(Files.readAllBytes(cli.vaultFile())).isEqualTo(before);
    }

    static List<Jdk> jdks() {
        return Jdks.matrix();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void exportAndImportOnEveryJdk(Jdk jdk) throws Exception {
        Jdks.assumePresent(jdk);
        KeystashCli source = KeystashCli.withVault(Files.createDirectories(folder.resolve("source" + jdk.major())));
        KeystashCli target = KeystashCli.withVault(Files.createDirectories(folder.resolve("target" + jdk.major())));
        source.env("JAVA_HOME", jdk.home().toString());
        target.env("JAVA_HOME", jdk.home().toString());
        fill(source);
        Path export = folder.resolve("export-" + jdk.major() + ".yaml");
        assertThat(source.run("export", export.toString(), "--include-secrets").status()).isZero();

        Result imported = target.run("import", export.toString(), "--from-key-file", source.keyFile().toString());

        assertThat(imported.status()).as(imported.toString()).isZero();
        assertSameContent(source, target);
    }
}
