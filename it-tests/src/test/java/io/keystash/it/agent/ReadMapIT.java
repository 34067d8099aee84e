package io.keystash.it.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystash.it.agent.programs.SpringReadsProbe;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.Hashes;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.ProcessResult;
import io.keystash.vault.access.ReadLog;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read map of a Spring Boot application under the agent, through {@code keystash report
 * --access}: the key its bean read once at start shows as read by that program, first by Spring's
 * classes, and "read only during start" once a reload has come and gone without a read; a key bound
 * and not read by name, as such (Spring Boot copies the whole environment); a key served as a
 * property only, as not observed; a plain program's key bound and never read, as never read.
 * A bean keeps the value it was given at start, while Spring's {@code Environment}, asked again
 * after a rotation, answers the new value: the test shows both.
 */
class ReadMapIT {
    @TempDir
    Path folder;

    private static String random() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.keystash.it.agent.LiveKeysIT#jdks")
    void springBeansReadTheirKeyOnceAtStartAndTheReportSaysSo(Jdk jdk) throws Exception {
        String openai = "sk-spring-" + random();
        KeystashCli cli = KeystashCli.withVault(folder.resolve("jdk-" + jdk.major()));
        assertThat(cli.runWithInput(openai, "store", "openai", "--env", "OPENAI_API_KEY").status()).isZero();
        String probeFirst = "probe-" + random();  // PROBE_KEY: rotated while the program runs
        String probeSecond = "probe-" + random();
        assertThat(cli.runWithInput("AKIA" + random().substring(0, 16), "store", "aws-id", "--env", "AWS_ACCESS_KEY_ID")
                .status()).isZero();
        assertThat(cli.runWithInput(probeFirst, "store", "probe", "--env", "PROBE_KEY").status()).isZero();
        assertThat(cli.runWithInput("tok-" + random(), "store", "service", "--property", "service.token").status()).isZero();
        assertThat(cli.run("profile", "create", "prod").status()).isZero();
        for (String key : new String[] {"openai", "aws-id", "service", "probe"}) {
            assertThat(cli.run("profile", "add-key", "prod", key).status()).isZero();
        }

        JavaLaunch.RunningProgram program = JavaLaunch.on(jdk)
                .agent(Artifacts.agentJar(), "profile=prod,vault=" + cli.vaultFile() + ",keyfile=" + cli.keyFile())
                .env("KEYSTASH_HOME", cli.home().toString())
                .classPath(Artifacts.testClassPath()).main(SpringReadsProbe.class)
                .startAndAwait("ready");
        // A rotation while it runs: the reload ends its start; its bean keeps the value it read.
        assertThat(cli.runWithInput(probeSecond, "rotate", "probe").status()).isZero();
        awaitReloadRecorded(cli.home());
        ProcessResult result = program.finish();
        assertThat(result.exitCode()).as("%s", result).isZero();
        // Its bean keeps what it read at start; Spring's Environment, asked again, sees the rotation.
        assertThat(result.report().get("bean.OPENAI_API_KEY")).isEqualTo(Hashes.of(openai));
        assertThat(result.report().get("environment.PROBE_KEY")).isEqualTo(Hashes.of(probeSecond));
        assertThat(result.report().get("getenv.PROBE_KEY")).isEqualTo(Hashes.of(probeSecond));
        assertThat(result.stderr()).doesNotContain("keystash-agent");

        KeystashCli.Result json = cli.run("report", "--access", "--profile", "prod", "--json");
        assertThat(json.status()).as("%s", json).isZero();
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.get("runs").asInt()).isEqualTo(1);
        JsonNode keys = report.get("keys");
        JsonNode read = key(keys, "openai");
        assertThat(read.get("verdict").asText()).isEqualTo("read-only-during-start");
        assertThat(read.get("programs")).singleElement().satisfies(program1 -> {
            assertThat(program1.get("program").asText()).isEqualTo(SpringReadsProbe.class.getName());
            assertThat(program1.get("firstReadBy").asText()).startsWith("org.springframework.");
            assertThat(program1.get("reads").asLong()).isPositive();
        });
        // Spring Boot copies the whole environment for its relaxed binding: a key it never read by name
        // may still be used from that copy, and the report says so instead of "never read".
        JsonNode aws = key(keys, "aws-id");
        assertThat(aws.get("verdict").asText()).isEqualTo("not-read-by-name");
        assertThat(aws.get("note").asText()).contains("org.springframework.boot.");
        assertThat(key(keys, "service").get("verdict").asText()).isEqualTo("not-observed");

        KeystashCli.Result text = cli.run("report", "--access", "--profile", "prod");
        assertThat(text.out()).contains("Never read by name, but the whole environment was read at once").contains("aws-id")
                .contains("Read only during start").contains(SpringReadsProbe.class.getName());
        assertThat(text.out() + json.out()).doesNotContain(openai).doesNotContain(probeFirst).doesNotContain(probeSecond);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.keystash.it.agent.LiveKeysIT#jdks")
    void aKeyAPlainProgramNeverReadIsACandidateToUnbind(Jdk jdk) throws Exception {
        KeystashCli cli = KeystashCli.withVault(folder.resolve("plain-" + jdk.major()));
        assertThat(cli.runWithInput("sk-" + random(), "store", "openai", "--env", "OPENAI_API_KEY").status()).isZero();
        assertThat(cli.runWithInput("AKIA" + random().substring(0, 16), "store", "aws-id", "--env", "AWS_ACCESS_KEY_ID")
                .status()).isZero();
        assertThat(cli.run("profile", "create", "prod").status()).isZero();
        assertThat(cli.run("profile", "add-key", "prod", "openai").status()).isZero();
        assertThat(cli.run("profile", "add-key", "prod", "aws-id").status()).isZero();
        JavaLaunch.RunningProgram program = JavaLaunch.on(jdk)
                .agent(Artifacts.agentJar(), "profile=prod,vault=" + cli.vaultFile() + ",keyfile=" + cli.keyFile())
                .env("KEYSTASH_HOME", cli.home().toString())
                .classPath(Artifacts.testClasses()).main(io.keystash.it.agent.programs.LiveProbe.class, "OPENAI_API_KEY")
                .startAndAwait("ready");
        program.awaitLine("seen OPENAI_API_KEY=", Duration.ofSeconds(20));
        assertThat(program.finish().exitCode()).isZero();

        JsonNode keys = new ObjectMapper().readTree(cli.run("report", "--access", "--json").out()).get("keys");
        assertThat(key(keys, "openai").get("verdict").asText()).isEqualTo("read");
        assertThat(key(keys, "openai").get("programs").get(0).get("firstReadBy").asText())
                .isEqualTo(io.keystash.it.agent.programs.LiveProbe.class.getName());
        assertThat(key(keys, "aws-id").get("verdict").asText()).isEqualTo("never-read");
        assertThat(cli.run("report", "--access").out())
                .contains("Bound and never read (candidates to unbind with keystash profile remove-key): aws-id (prod)");
    }

    private static JsonNode key(JsonNode keys, String name) {
        for (JsonNode key : keys) {
            if (key.get("key").asText().equals(name)) {
                return key;
            }
        }
        throw new AssertionError("no key " + name + " in the report");
    }

    /** Waits until the running program has written its read map at a reload. */
    private static void awaitReloadRecorded(Path home) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Path log = ReadLog.file(home);
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("reason=reload")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no reload recorded in " + ReadLog.file(home));
    }
}
