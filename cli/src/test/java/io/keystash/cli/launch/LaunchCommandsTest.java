package io.keystash.cli.launch;

import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.keystash.cli.CliHarness.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/** run and agent-line in-process (the child's stdio is inherited, so it reports through files). */
class LaunchCommandsTest {
    private static final String VALUE = "sk-runtest0123456789abcdefghij";

    @TempDir
    Path folder;
    CliHarness cli;

    @BeforeEach
    void vault() {
        cli = CliHarness.withVault(folder);
        cli.store("openai", VALUE, "--provider", "openai", "--setting", "OPENAI_ORG_ID=org-7");
        cli.run("profile", "create", "dev");
        cli.run("profile", "add-key", "dev", "openai");
    }

    @Test
    void runGivesTheProfileAndHidesUnlockVariables() throws Exception {
        Path report = folder.resolve("report.txt");
        cli.env("API_KEY_MASTER", "master-should-not-leak").env("UNRELATED", "kept");
        Result run = cli.run("run", "--profile", "dev", "--", "sh", "-c",
                "printf '%s' \"$OPENAI_API_KEY\" | sha256sum > \"$1\"; "
                        + "echo \"org=$OPENAI_ORG_ID master=${API_KEY_MASTER:-none} keyfile=${KEYSTASH_KEY_FILE:-none} unrelated=$UNRELATED\" >> \"$1\"",
                "sh", report.toString());
        assertThat(run.status()).as(run.toString()).isZero();
        String text = Files.readString(report);
        assertThat(text).startsWith(sha256(VALUE));
        assertThat(text).contains("org=org-7 master=none keyfile=none unrelated=kept");
    }

    @Test
    void runPassesTheExitStatusThrough() {
        assertThat(cli.run("run", "--profile", "dev", "--", "sh", "-c", "exit 42").status()).isEqualTo(42);
    }

    @Test
    void runReportsSignalsAs128PlusN() {
        assertThat(cli.run("run", "--profile", "dev", "--", "sh", "-c", "kill -TERM $$").status()).isEqualTo(143);
    }

    @Test
    void runUsesKeystashProfileOrDefault() {
        assertThat(cli.run("run", "--", "true").status()).isEqualTo(4); // no profile 'default'
        cli.env("KEYSTASH_PROFILE", "dev");
        assertThat(cli.run("run", "--", "true").status()).isZero();
    }

    @Test
    void runTrimsKeystashProfileAsTheAgentDoes() {
        cli.env("KEYSTASH_PROFILE", " dev\t");
        Result run = cli.run("run", "--", "true");
        assertThat(run.status()).as(run.toString()).isZero();
        cli.env("KEYSTASH_PROFILE", " ");
        assertThat(cli.run("run", "--", "true").err()).contains("'default'"); // blank: the default profile
    }

    @Test
    void runReportsAVariableItReplacesAndKeepsItWithNoOverride() throws Exception {
        Path report = folder.resolve("seen.txt");
        cli.env("OPENAI_API_KEY", "real-value-of-the-shell");
        String[] program = {"sh", "-c", "printf '%s' \"$OPENAI_API_KEY\" | sha256sum > \"$1\"", "sh", report.toString()};

        Result replaced = cli.run(concat(new String[] {"run", "--profile", "dev", "--"}, program));
        assertThat(replaced.status()).as(replaced.toString()).isZero();
        assertThat(Files.readString(report)).startsWith(sha256(VALUE));
        assertThat(replaced.err()).isEqualTo(
                "keystash: the profile's OPENAI_API_KEY replaces the variable of the same name (override=true)\n");

        Result kept = cli.run(concat(new String[] {"run", "--profile", "dev", "--no-override", "--"}, program));
        assertThat(kept.status()).as(kept.toString()).isZero();
        assertThat(Files.readString(report)).startsWith(sha256("real-value-of-the-shell"));
        assertThat(kept.err()).isEqualTo(
                "keystash: the variable OPENAI_API_KEY is kept; the profile's value is not used (override=false)\n");
        assertThat(kept.err() + replaced.err()).doesNotContain(VALUE).doesNotContain("real-value-of-the-shell");
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    @Test
    void runOptionsAfterTheCommandBelongToTheCommand() {
        assertThat(cli.run("run", "--profile", "dev", "sh", "-c", "exit 3").status()).isEqualTo(3);
    }

    @Test
    void runOfAMissingProgramIs127() {
        Result run = cli.run("run", "--profile", "dev", "--", "/nonexistent/program");
        assertThat(run.status()).isEqualTo(127);
        assertThat(run.err()).startsWith("keystash: cannot run '/nonexistent/program'");
    }

    @Test
    void agentLineNamesTheAgentJarProfileAndKeyFile() throws Exception {
        Installation installation = Installation.current();
        Path agent = installation.agentJarCandidates().get(0);
        boolean created = false;
        if (installation.agentJarCandidates().stream().noneMatch(Files::isRegularFile)) {
            Files.write(agent, new byte[0]); // cli/target/keystash-agent.jar: a stand-in, removed below
            created = true;
        }
        try {
            Result line = cli.run("agent-line", "--profile", "prod");
            assertThat(line.status()).as(line.toString()).isZero();
            assertThat(line.out().strip()).startsWith("-javaagent:/").contains("keystash-agent.jar=profile=prod")
                    .endsWith(",keyfile=" + cli.keyFile().toAbsolutePath());
            Result withVault = cli.run("--vault", cli.vaultFile().toString(), "agent-line");
            assertThat(withVault.out()).contains("=profile=default,vault=" + cli.vaultFile().toAbsolutePath());
            Result live = cli.run("agent-line", "--profile", "prod", "--reload", "off", "--expired", "refuse", "--redact", "on");
            assertThat(live.out().strip()).endsWith(",keyfile=" + cli.keyFile().toAbsolutePath()
                    + ",reload=off,expired=refuse,redact=on");
            Result bad = cli.run("agent-line", "--expired", "ignore");
            assertThat(bad.status()).isEqualTo(2);
            assertThat(bad.err()).contains("--expired must be serve, warn, refuse, not 'ignore'");
            cli.env("KEYSTASH_PROFILE", " staging ");
            assertThat(cli.run("agent-line").out()).contains("keystash-agent.jar=profile=staging,keyfile=");
        } finally {
            if (created) {
                Files.delete(agent);
            }
        }
    }

    @Test
    void agentJarIsFoundNextToTheCliJarOrInTheSourceBuild(@TempDir Path install) throws Exception {
        Path cliTarget = install.resolve("checkout/cli/target");
        Files.createDirectories(cliTarget);
        Path agentTarget = Files.createDirectories(install.resolve("checkout/agent/target"));
        Installation installation = new Installation(cliTarget);
        assertThat(installation.agentJarCandidates()).contains(agentTarget.resolve(Installation.AGENT_JAR));
        Files.write(agentTarget.resolve(Installation.AGENT_JAR), new byte[0]);
        assertThat(installation.agentJar()).isEqualTo(agentTarget.resolve(Installation.AGENT_JAR));
        Files.write(cliTarget.resolve(Installation.AGENT_JAR), new byte[0]);
        assertThat(installation.agentJar()).isEqualTo(cliTarget.resolve(Installation.AGENT_JAR));
    }
}
