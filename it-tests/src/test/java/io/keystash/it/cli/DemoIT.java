package io.keystash.it.cli;

import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's first command, after the build: {@code cli/target/keystash demo}. */
class DemoIT {
    @TempDir
    Path folder;

    @Test
    void demoRunsOnAThrowawayVaultAndProvesNoSecretInTheEnvironmentBlock() throws Exception {
        KeystashCli cli = new KeystashCli(folder);
        Result demo = cli.run("demo");
        assertThat(demo.status()).as(demo + "\n" + demo.out()).isZero();
        assertThat(demo.out())
                .contains("System.getenv(\"OPENAI_API_KEY\")")
                .contains("no secret among them")
                .contains("cmdline: no secret")
                .contains("Removed").contains("saw the stored values (lengths and fingerprints match): yes");
        assertThat(demo.out()).doesNotContain("(not set)");
        assertThat(Files.exists(cli.vaultFile())).as("the user's vault is never touched").isFalse();
        String removed = demo.out().lines().filter(l -> l.contains("Removed ")).findFirst().orElseThrow();
        Path temp = Path.of(removed.replaceFirst(".*Removed ", "").replaceFirst("\\. Your own.*", ""));
        assertThat(Files.exists(temp)).as("temp folder removed").isFalse();
    }
}
