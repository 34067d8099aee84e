package io.keystash.cli.keys;

import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import io.keystash.vault.Secret;
import io.keystash.vault.VaultStore;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A NUL character in a value: no environment variable can carry one, so {@code store},
 * {@code rotate} and an import refuse it (exit 2, nothing written), and a value that got into a
 * vault before (made by an older version) stops {@code run} and {@code profile load} with one
 * line: never an unexpected exception whose message, or {@code --debug} trace, holds the value.
 */
class NulValueTest {
    private static final String HALF = "sk-nul-canary-0123456789";
    private static final String WITH_NUL = HALF + "\0" + "abcdef";

    @TempDir
    Path folder;
    CliHarness cli;

    @BeforeEach
    void vault() {
        cli = CliHarness.withVault(folder);
    }

    private void assertRefused(Result result) {
        assertThat(result.status()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).as(result.toString()).contains("NUL").hasLineCount(1);
        assertNoValue(result);
    }

    private static void assertNoValue(Result result) {
        boolean leaked = result.err().contains(HALF) || result.out().contains(HALF) || result.err().contains("abcdef");
        assertThat(leaked).as("the value appears in the output").isFalse();
    }

    @Test
    void storeAndRotateRefuseANul() throws Exception {
        byte[] before = cli.vaultBytes();
        assertRefused(cli.runWithInput(WITH_NUL, "store", "k"));
        assertThat(cli.vaultBytes()).isEqualTo(before);
        cli.store("k", "good-value");
        before = cli.vaultBytes();
        assertRefused(cli.runWithInput(WITH_NUL, "rotate", "k"));
        assertThat(cli.vaultBytes()).isEqualTo(before);
    }

    @Test
    void aJsonImportWithANulInAValueIsRefused() throws Exception {
        cli.store("k", HALF + "Zabcdef");
        Path file = folder.resolve("in.json");
        assertThat(cli.run("export", file.toString(), "--include-secrets", "--plaintext").status()).isZero();
        assertThat(cli.run("delete", "k", "--yes").status()).isZero();
        String json = Files.readString(file);
        assertThat(json).contains(HALF + "Zabcdef");
        Files.writeString(file, json.replace(HALF + "Zabcdef", HALF + "\\u0000abcdef"));
        byte[] before = cli.vaultBytes();
        Result result = cli.run("import", file.toString());
        assertThat(result.status()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("NUL");
        assertNoValue(result);
        assertThat(cli.vaultBytes()).isEqualTo(before);
    }

    @Test
    void aNulValueFromAnOlderVaultStopsRunAndProfileLoadWithOneLine() throws Exception {
        try (KeyFileKey key = KeyFileKey.read(cli.keyFile())) {
            VaultStore.at(VaultPaths.of(cli.vaultFile())).update(key, vault -> {
                vault.storeKey("k", KeyMetadata.builder().build(), Secret.ofTrustedUtf8(WITH_NUL.getBytes(StandardCharsets.UTF_8)), "t");
                return null;
            });
        }
        assertThat(cli.run("profile", "create", "dev").status()).isZero();
        assertThat(cli.run("profile", "add-key", "dev", "k", "--env", "K_VAR").status()).isZero();
        for (String[] args : new String[][] {{"run", "--profile", "dev", "--", "true"}, {"--debug", "run", "--profile", "dev", "--", "true"},
            {"profile", "load", "dev", "--export"}, {"--debug", "profile", "load", "dev", "--export"}}) {
            Result result = cli.run(args);
            assertThat(result.status()).as(String.join(" ", args) + ": " + result).isEqualTo(2);
            assertThat(result.err()).as(String.join(" ", args)).startsWith("keystash: ").contains("NUL").contains("K_VAR")
                    .doesNotContain("unexpected");
            assertThat(result.out()).isEmpty();
            assertNoValue(result);
        }
    }
}
