package io.keystash.cli.shell;

import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CompletionCommandTest {
    @TempDir
    Path folder;

    @Test
    void bashScriptKnowsEveryCommandAndParses() throws Exception {
        Result result = new CliHarness(folder).run("completion");
        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("complete -F").contains("agent-line").contains("add-key").contains("--clipboard");
        Path script = folder.resolve("keystash-completion.bash");
        Files.writeString(script, result.out());
        Process bash = new ProcessBuilder("bash", "-n", script.toString()).inheritIO().start();
        assertThat(bash.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).isZero();
    }

    @Test
    void zshScriptLoadsBashcompinitFirst() {
        Result result = new CliHarness(folder).run("completion", "zsh");
        assertThat(result.out()).startsWith("autoload -U +X compinit");
    }
}
