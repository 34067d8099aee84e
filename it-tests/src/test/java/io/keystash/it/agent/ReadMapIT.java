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
 * classes, and "read only during start" once a reload has come and gone without a read; keys bound
 * and never read show as such; a key served as a property only, as not observed.
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
        assertThat(cli.runWithInput("AKIA" + random().substring(0, 16), "store", "aws-id", "--env", "AWS_ACCESS_KEY_ID")
                .status()).isZero();
        assertThat(cli.runWithInput("tok-" + random(), "store", "service", "--property", "service.token").status()).isZero();
        assertThat(cli.run("profile", "create", "prod").status()).isZero();
        for (String key : new String[] {"openai", "aws-id", "service"}) {
            assertThat(cli.run("profile", "add-key", "prod", key).status()).isZero();
        }

        JavaLaunch.RunningProgram program = JavaLaunch.on(jdk)
                .agent(Artifacts.agentJar(), "profile=prod,vault=" + cli.vaultFile() + ",keyfile=" + cli.keyFile())
                .env("KEYSTASH_HOME", cli.home().toString())
                .classPath(Artifacts.testClassPath()).main(SpringReadsProbe.class)
                .startAndAwait("ready");
        // A rotation while it runs: the reload ends its start; its bean keeps the value it read.
        assertThat(cli.runWithInput("AKIA" + random().substring(0, 16), "rotate", "aws-id").status()).isZero();
        awaitReloadRecorded(cli.home());
        ProcessResult result = program.finish();
        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.report().get("bean.OPENAI_API_KEY")).isEqualTo(Hashes.of(openai));
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
        assertThat(key(keys, "aws-id").get("verdict").asText()).isEqualTo("never-read");
        assertThat(key(keys, "service").get("verdict").asText()).isEqualTo("not-observed");

        KeystashCli.Result text = cli.run("report", "--access", "--profile", "prod");
        assertThat(text.out()).contains("Bound and never read (candidates to unbind with keystash profile remove-key): aws-id")
                .contains("Read only during start").contains(SpringReadsProbe.class.getName());
        assertThat(text.out() + json.out()).doesNotContain(openai);
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
