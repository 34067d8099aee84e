package io.keystash.cli.setup;

import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import io.keystash.cli.ScriptedTerminal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.keystash.cli.CliHarness.sha256;
import static org.assertj.core.api.Assertions.assertThat;

class SetupCommandTest {
    private static final String KEY = "sk-ant-setuptest0123456789abcdefgh";

    @TempDir
    Path folder;
    CliHarness cli;

    @BeforeEach
    void vault() {
        cli = CliHarness.withVault(folder);
    }

    @Test
    void scriptedSetupStoresBindsAndCreatesTheProfile() {
        Result setup = cli.runWithInput(KEY, "setup", "anthropic", "--profile", "prod");
        assertThat(setup.status()).as(setup.toString()).isZero();
        assertThat(setup.err()).contains("bound it into profile 'prod' as ANTHROPIC_API_KEY");
        assertThat(cli.run("profile", "show", "prod").out()).contains("anthropic").contains("ANTHROPIC_API_KEY");
        assertThat(sha256(cli.run("get", "anthropic").out())).isEqualTo(sha256(KEY + "\n"));
        assertThat(cli.run("list", "--json").out()).contains("\"provider\" : \"anthropic\"");
    }

    @Test
    void guidedSetupAsksForTheKeyAndConfirmsAnUnusualOne() {
        ScriptedTerminal terminal = ScriptedTerminal.answering("not-an-anthropic-key", "n");
        Result declined = cli.run(new byte[0], terminal, "setup", "anthropic");
        assertThat(declined.status()).isZero();
        assertThat(declined.err()).contains("Nothing stored");
        assertThat(terminal.said).singleElement().asString().contains("Setting up Anthropic");
        assertThat(terminal.prompts.get(0)).contains("input hidden");
        assertThat(terminal.prompts.get(1)).contains("does not look like");
        assertThat(cli.run("get", "anthropic").status()).isEqualTo(4);

        Result accepted = cli.run(new byte[0], ScriptedTerminal.answering(KEY), "setup", "anthropic");
        assertThat(accepted.status()).as(accepted.toString()).isZero();
        assertThat(cli.run("profile", "show", "default").out()).contains("ANTHROPIC_API_KEY");
    }

    @Test
    void setupTwiceNeedsForceAndThenRebinds() {
        assertThat(cli.runWithInput(KEY, "setup", "anthropic").status()).isZero();
        assertThat(cli.runWithInput(KEY, "setup", "anthropic").status()).isEqualTo(5);
        Result forced = cli.runWithInput(KEY + "2", "setup", "anthropic", "--force");
        assertThat(forced.status()).as(forced.toString()).isZero();
        assertThat(sha256(cli.run("get", "anthropic").out())).isEqualTo(sha256(KEY + "2\n"));
    }

    @Test
    void customNeedsAVariable() {
        Result result = cli.runWithInput("v", "setup", "custom");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("--env VAR or --property PROP");
        assertThat(cli.runWithInput("v", "setup", "custom", "--name", "billing", "--env", "BILLING").status()).isZero();
    }
}
