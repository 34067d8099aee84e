package io.keystash.cli.demo;

import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import io.keystash.cli.launch.Installation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo in-process: a full run when the agent is built, else a clear failure. */
class DemoCommandTest {
    @TempDir
    Path folder;

    @Test
    void runsTheTourOrSaysTheAgentJarIsMissing() {
        CliHarness cli = new CliHarness(folder);
        boolean agentBuilt = Installation.current().agentJarCandidates().stream().anyMatch(Files::isRegularFile);
        Result result = cli.run("demo");
        if (agentBuilt) {
            assertThat(result.status()).as(result + "\n" + result.out()).isZero();
            assertThat(result.out()).contains("no secret among them").contains("Removed").contains("saw the stored values (lengths and fingerprints match): yes");
            assertThat(result.out()).contains("System.getenv(\"OPENAI_API_KEY\")").doesNotContain("(not set)");
        } else {
            assertThat(result.status()).isEqualTo(6);
            assertThat(result.err()).startsWith("keystash: keystash-agent.jar not found");
        }
        assertThat(Files.exists(cli.vaultFile())).as("the user's vault is never created").isFalse();
    }

    @Test
    void masksValuesWithLengthAndFingerprint() {
        assertThat(DemoProgram.masked("sk-abcdefgh")).startsWith("sk-a...(11 chars, sha256 ").doesNotContain("bcdefgh");
        assertThat(DemoProgram.masked(null)).isEqualTo("(not set)");
    }
}
