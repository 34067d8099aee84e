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
    void zshScriptIsACompletionFunctionOverTheBashScript() throws Exception {
        Result result = new CliHarness(folder).run("completion", "zsh");
        String bash = new CliHarness(folder).run("completion", "bash").out();
        assertThat(result.out()).startsWith("#compdef keystash\n").contains("bashcompinit").contains("compopt() { : }")
                .contains(bash).endsWith("    _bash_complete -F _complete_keystash -o default\nfi\n");
        Path zsh = Path.of("/usr/bin/zsh");
        if (Files.isExecutable(zsh)) { // a syntax check where zsh is installed; InstallIT completes with it
            Path script = folder.resolve("_keystash");
            Files.writeString(script, result.out());
            Process check = new ProcessBuilder(zsh.toString(), "-n", script.toString()).inheritIO().start();
            assertThat(check.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(check.exitValue()).isZero();
        }
    }
}
