package io.keystash.cli.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    private static final String AWS_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

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
    void awsReadsBothHalvesFromTwoLinesAndStoresAndBindsEachAsItself() throws Exception {
        Result setup = cli.runWithInput(AWS_ID + "\n" + AWS_SECRET + "\n", "setup", "aws", "--profile", "prod");
        assertThat(setup.status()).as(setup.toString()).isZero();
        assertThat(setup.err()).contains("Stored 'aws' and bound it into profile 'prod' as AWS_SECRET_ACCESS_KEY and property "
                + "aws.secretAccessKey; stored 'aws-key-id' and bound it as AWS_ACCESS_KEY_ID and property aws.accessKeyId.")
                .doesNotContain("warning");
        assertThat(sha256(cli.run("get", "aws").out())).isEqualTo(sha256(AWS_SECRET + "\n"));
        assertThat(sha256(cli.run("get", "aws-key-id").out())).isEqualTo(sha256(AWS_ID + "\n"));
        JsonNode bindings = new ObjectMapper().readTree(cli.run("profile", "show", "prod", "--json").out()).get("bindings");
        assertThat(bindings).hasSize(2);
        assertThat(bindings.get(0).get("key").asText()).isEqualTo("aws-key-id");
        assertThat(bindings.get(0).get("env").asText()).isEqualTo("AWS_ACCESS_KEY_ID");
        assertThat(bindings.get(0).get("property").asText()).isEqualTo("aws.accessKeyId");
        assertThat(bindings.get(1).get("key").asText()).isEqualTo("aws");
        assertThat(bindings.get(1).get("env").asText()).isEqualTo("AWS_SECRET_ACCESS_KEY");
        assertThat(bindings.get(1).get("property").asText()).isEqualTo("aws.secretAccessKey");

        Result again = cli.runWithInput("AKIAOTHERKEYID123456\n" + AWS_SECRET + "2\n", "setup", "aws", "--profile", "prod", "--force");
        assertThat(again.status()).as(again.toString()).isZero();
        assertThat(sha256(cli.run("get", "aws-key-id").out())).isEqualTo(sha256("AKIAOTHERKEYID123456\n"));
        assertThat(new ObjectMapper().readTree(cli.run("profile", "show", "prod", "--json").out()).get("bindings")).hasSize(2);
    }

    @Test
    void awsWithOneLineOnStandardInputStoresNothing() throws Exception {
        byte[] before = cli.vaultBytes();
        Result setup = cli.runWithInput(AWS_SECRET + "\n", "setup", "aws");
        assertThat(setup.status()).isEqualTo(2);
        assertThat(setup.err().strip()).isEqualTo("keystash: one line on standard input; expected two: the access key ID "
                + "(AWS_ACCESS_KEY_ID), then the secret (AWS_SECRET_ACCESS_KEY)");
        assertThat(cli.vaultBytes()).isEqualTo(before);
    }

    @Test
    void guidedAwsAsksForTheAccessKeyIdThenTheSecret() {
        ScriptedTerminal terminal = ScriptedTerminal.answering(AWS_ID, AWS_SECRET);
        Result setup = cli.run(new byte[0], terminal, "setup", "aws");
        assertThat(setup.status()).as(setup.toString()).isZero();
        assertThat(terminal.prompts).hasSize(2);
        assertThat(terminal.prompts.get(0)).contains("access key ID (AWS_ACCESS_KEY_ID, input hidden)");
        assertThat(terminal.prompts.get(1)).contains("secret (AWS_SECRET_ACCESS_KEY, input hidden)");
        assertThat(terminal.said).singleElement().asString().contains("key 'aws-key-id' served as AWS_ACCESS_KEY_ID");
        assertThat(sha256(cli.run("get", "aws-key-id").out())).isEqualTo(sha256(AWS_ID + "\n"));
    }

    @Test
    void awsWithTheSecretServedAsTheIdsVariableIsRefusedBeforeAnythingIsAsked(@TempDir Path elsewhere) {
        CliHarness fresh = new CliHarness(elsewhere).env("API_KEY_MASTER", "setup passphrase");
        Result setup = fresh.runWithInput(AWS_ID + "\n" + AWS_SECRET + "\n", "setup", "aws", "--env", "AWS_ACCESS_KEY_ID");
        assertThat(setup.status()).isEqualTo(2);
        assertThat(setup.err()).contains("the access key ID is served as AWS_ACCESS_KEY_ID");
        assertThat(fresh.vaultFile()).as("no vault made for a refused setup").doesNotExist();
    }

    @Test
    void awsWithTheAccessKeyIdAsASettingAsksForTheSecretOnly() {
        Result setup = cli.runWithInput(AWS_SECRET, "setup", "aws", "--setting", "AWS_ACCESS_KEY_ID=" + AWS_ID);
        assertThat(setup.status()).as(setup.toString()).isZero();
        assertThat(cli.run("get", "aws-key-id").status()).isEqualTo(4);
        assertThat(sha256(cli.run("get", "aws").out())).isEqualTo(sha256(AWS_SECRET + "\n"));
    }

    @Test
    void withoutAVaultSetupCreatesOne(@TempDir Path elsewhere) {
        CliHarness fresh = new CliHarness(elsewhere).env("API_KEY_MASTER", "setup passphrase");
        Result setup = fresh.runWithInput(KEY, "setup", "anthropic");
        assertThat(setup.status()).as(setup.toString()).isZero();
        assertThat(setup.err()).contains("Created vault " + fresh.vaultFile() + " (unlock with: passphrase from API_KEY_MASTER).");
        assertThat(sha256(fresh.run("get", "anthropic").out())).isEqualTo(sha256(KEY + "\n"));
    }

    @Test
    void customNeedsAVariable() {
        Result result = cli.runWithInput("v", "setup", "custom");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("a custom key needs a variable or property").endsWith(
                "e.g.: keystash setup custom --name billing --env BILLING_TOKEN\n");
        assertThat(cli.runWithInput("v", "setup", "custom", "--name", "billing", "--env", "BILLING").status()).isZero();
    }
}
