package io.keystash.it.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystash.it.agent.programs.EnvProbe;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.Hashes;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launch recipes of {@code docs/launching.md}, run with the real agent and the real CLI:
 * {@code JAVA_TOOL_OPTIONS} on every JDK found, Maven Surefire and Failsafe {@code argLine} (the
 * file {@code docs/examples/maven-plugins.xml} in a small project built by a nested, offline
 * Maven), and the agent flags of {@code docs/examples/Dockerfile} and
 * {@code docs/examples/keystash-app.service} (with their paths pointed at a test vault), plus
 * {@code systemd-analyze verify} of the unit where systemd is installed. Programs report hashes,
 * never values.
 */
class LaunchRecipesIT {
    private static final Path EXAMPLES = Artifacts.projectRoot().resolve("docs").resolve("examples");

    @TempDir
    Path folder;

    static List<Jdk> jdks() {
        return Jdks.matrix();
    }

    /** A vault with key {@code openai} bound into {@code profile}, unlocked by KEYSTASH_KEY_FILE; returns the value. */
    private static String vaultWithOpenAiKey(KeystashCli cli, String profile) {
        String value = "sk-recipe-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        assertThat(cli.runWithInput(value, "store", "openai", "--provider", "openai").status()).isZero();
        assertThat(cli.run("profile", "create", profile).status()).isZero();
        assertThat(cli.run("profile", "add-key", profile, "openai").status()).isZero();
        return value;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void javaToolOptionsServesTheKeyAndTheJvmPrintsOnlyItsPickedUpLine(Jdk jdk) throws IOException {
        Jdks.assumePresent(jdk);
        KeystashCli cli = KeystashCli.withVault(Files.createDirectories(folder.resolve("jdk" + jdk.major())));
        cli.env("PATH", Artifacts.cliDir() + ":" + cli.environment().get("PATH"));
        String value = vaultWithOpenAiKey(cli, "prod");

        Result run = cli.shell("sh", """
                export JAVA_TOOL_OPTIONS="$(keystash agent-line --profile prod)"
                exec "$1" -cp "$2" "$3" OPENAI_API_KEY
                """, null, jdk.java().toString(), Artifacts.testClasses(), EnvProbe.class.getName());

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(report(run.out()).get("getenv.OPENAI_API_KEY")).as("what the program saw").isEqualTo(Hashes.of(value));
        String agentLine = cli.run("agent-line", "--profile", "prod").out().strip();
        assertThat(agentLine).startsWith("-javaagent:" + Artifacts.agentJar() + "=profile=prod");
        assertThat(run.err().lines().toList()).as("stderr: the JVM's one line, nothing from the agent")
                .containsExactly("Picked up JAVA_TOOL_OPTIONS: " + agentLine);
        assertThat(run.out().contains(value) || run.err().contains(value)).as("the value in the output").isFalse();
    }

    /**
     * docs/examples/maven-plugins.xml in a project whose parent is this build's, built offline by
     * the Maven wrapper: a unit test (Surefire) and an integration test (Failsafe) each record the
     * hash of the OPENAI_API_KEY they saw.
     */
    @Test
    void surefireAndFailsafeArgLineServeTheKeyToTheForkedTestJvms() throws IOException {
        KeystashCli cli = KeystashCli.withVault(Files.createDirectories(folder.resolve("maven")));
        String value = vaultWithOpenAiKey(cli, "test");
        Path project = Files.createDirectories(folder.resolve("maven-project"));
        Files.writeString(project.resolve("pom.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <parent>
                    <groupId>io.keystash</groupId>
                    <artifactId>keystash-parent</artifactId>
                    <version>%s</version>
                    <relativePath>%s</relativePath>
                  </parent>
                  <artifactId>recipe-check</artifactId>
                  <dependencies>
                    <dependency>
                      <groupId>org.junit.jupiter</groupId>
                      <artifactId>junit-jupiter</artifactId>
                      <scope>test</scope>
                    </dependency>
                  </dependencies>
                  <build>
                %s
                  </build>
                </project>
                """.formatted(System.getProperty("keystash.project.version"), project.relativize(Artifacts.projectRoot().resolve("pom.xml")),
                Files.readString(EXAMPLES.resolve("maven-plugins.xml"))));
        Path tests = Files.createDirectories(project.resolve("src/test/java/recipe"));
        for (String name : List.of("KeyTest", "KeyIT")) {
            Files.writeString(tests.resolve(name + ".java"), """
                    package recipe;

                    import java.nio.charset.StandardCharsets;
                    import java.nio.file.Files;
                    import java.nio.file.Path;
                    import java.security.MessageDigest;
                    import java.util.HexFormat;

                    class %1$s {
                        @org.junit.jupiter.api.Test
                        void recordsWhatItSees() throws Exception {
                            String seen = System.getenv("OPENAI_API_KEY");
                            String hash = seen == null ? "null" : "sha256:" + HexFormat.of().formatHex(
                                    MessageDigest.getInstance("SHA-256").digest(seen.getBytes(StandardCharsets.UTF_8)));
                            Files.writeString(Path.of("target", "%1$s.seen"), hash);
                        }
                    }
                    """.formatted(name));
        }

        List<String> maven = new ArrayList<>(List.of(Artifacts.projectRoot().resolve("mvnw").toString(), "-o", "-B", "-q",
                "-f", project.resolve("pom.xml").toString(), "verify", "-Dkeystash.agent=" + Artifacts.agentJar()));
        String repository = System.getProperty("keystash.maven.repo.local");
        if (repository != null && !repository.isBlank()) {
            maven.add("-Dmaven.repo.local=" + repository);
        }
        // The wrapper's Maven and the local repository are the outer build's: HOME is the user's again.
        cli.env("HOME", System.getProperty("user.home"));
        Result build = cli.shell("sh", "exec \"$@\"", null, maven.toArray(String[]::new));

        assertThat(build.out().contains(value) || build.err().contains(value)).as("the value in Maven's output").isFalse();
        assertThat(build.status()).as("nested Maven (its output holds no value: checked above): %s%n%s", build,
                build.out().lines().skip(Math.max(0, build.out().lines().count() - 30)).toList()).isZero();
        assertThat(Files.readString(project.resolve("target/KeyTest.seen"))).as("Surefire's fork saw").isEqualTo(Hashes.of(value));
        assertThat(Files.readString(project.resolve("target/KeyIT.seen"))).as("Failsafe's fork saw").isEqualTo(Hashes.of(value));
    }

    @Test
    void theDockerfileIsWellFormedAndItsAgentFlagServesTheProfile() throws IOException {
        List<String> instructions = instructions(Files.readString(EXAMPLES.resolve("Dockerfile")));
        Set<String> known = Set.of("FROM", "RUN", "COPY", "USER", "ENV", "ENTRYPOINT", "CMD", "WORKDIR", "ARG", "LABEL",
                "EXPOSE", "VOLUME", "HEALTHCHECK", "ADD", "SHELL", "STOPSIGNAL", "ONBUILD");
        Path context = Files.createDirectories(folder.resolve("docker-context"));
        KeystashCli shell = new KeystashCli(folder.resolve("docker"));
        // The build context as the Dockerfile's comment prepares it.
        Result untar = shell.shell("sh", "mkdir -p \"$2/keystash\" && tar -xzf \"$1\" -C \"$2/keystash\" --strip-components=1"
                + " && : > \"$2/app.jar\"", null, Artifacts.distArchive().toString(), context.toString());
        assertThat(untar.status()).as(untar.toString()).isZero();
        String agentInImage = null;
        List<String> entrypoint = new ArrayList<>();
        for (String instruction : instructions) {
            String keyword = instruction.split("\\s+", 2)[0];
            String rest = instruction.substring(keyword.length()).strip();
            assertThat(known).as("instruction %s", keyword).contains(keyword);
            if (keyword.equals("RUN")) {
                Result syntax = shell.shell("sh", "sh -n -c \"$1\"", null, rest);
                assertThat(syntax.status()).as("sh -n of RUN %s: %s", rest, syntax).isZero();
            } else if (keyword.equals("COPY")) {
                String[] parts = rest.split("\\s+");
                assertThat(context.resolve(parts[0])).as("COPY source in the documented build context").exists();
                if (parts[0].endsWith("keystash-agent.jar")) {
                    agentInImage = parts[1];
                }
            } else if (keyword.equals("ENTRYPOINT")) {
                JsonNode array = new ObjectMapper().readTree(rest);
                assertThat(array.isArray()).as("ENTRYPOINT in exec form").isTrue();
                entrypoint.clear();
                array.forEach(element -> entrypoint.add(element.asText()));
            }
        }
        assertThat(instructions.get(0)).startsWith("FROM ");
        assertThat(agentInImage).as("the agent jar is copied into the image").isNotNull();
        String flag = entrypoint.stream().filter(word -> word.startsWith("-javaagent:")).findFirst().orElseThrow();
        assertThat(flag).startsWith("-javaagent:" + agentInImage + "=");
        assertFlagServesTheProfile(flag, Map.of(agentInImage, "AGENT", "/run/keystash/vault", "VAULT",
                "/run/secrets/keystash.key", "KEY"));
    }

    @Test
    void theSystemdUnitVerifiesAndItsAgentFlagServesTheProfile() throws IOException {
        String unit = Files.readString(EXAMPLES.resolve("keystash-app.service"));
        Matcher execStart = Pattern.compile("(?m)^ExecStart=(\\S+) (-javaagent:\\S+) ").matcher(unit);
        assertThat(execStart.find()).as("ExecStart with a -javaagent flag").isTrue();
        assertFlagServesTheProfile(execStart.group(2), Map.of("/opt/keystash/lib/keystash/keystash-agent.jar", "AGENT",
                "%d/keystash.vault", "VAULT", "%d/keystash.key", "KEY"));

        Path systemdAnalyze = Path.of("/usr/bin/systemd-analyze");
        Assumptions.assumeTrue(Files.isExecutable(systemdAnalyze), "systemd-analyze not installed: the unit's syntax is not checked");
        // verify checks that ExecStart's program exists: point it at this JDK's java.
        Path copy = folder.resolve("keystash-app.service");
        Files.writeString(copy, unit.replace("ExecStart=" + execStart.group(1) + " ",
                "ExecStart=" + Path.of(System.getProperty("java.home"), "bin", "java") + " "));
        Result verify = new KeystashCli(folder.resolve("systemd")).shell("sh", "\"$1\" verify \"$2\"", null,
                systemdAnalyze.toString(), copy.toString());
        assertThat(verify.status()).as("systemd-analyze verify: %s", verify).isZero();
        assertThat(verify.err()).as("systemd-analyze warnings").isEmpty();
    }

    /**
     * Runs EnvProbe with {@code flag} after replacing the example's paths (keys of
     * {@code placeholders}) by this test's agent jar (AGENT), vault (VAULT) and key file (KEY).
     */
    private void assertFlagServesTheProfile(String flag, Map<String, String> placeholders) throws IOException {
        KeystashCli cli = KeystashCli.withVault(Files.createDirectories(folder.resolve("flag")));
        String value = vaultWithOpenAiKey(cli, "prod");
        Map<String, String> actual = Map.of("AGENT", Artifacts.agentJar().toString(), "VAULT", cli.vaultFile().toString(),
                "KEY", cli.keyFile().toString());
        String rewritten = flag;
        for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
            assertThat(rewritten).as("the example's flag names %s", placeholder.getKey()).contains(placeholder.getKey());
            rewritten = rewritten.replace(placeholder.getKey(), actual.get(placeholder.getValue()));
        }
        // Only the flag unlocks: no KEYSTASH_* variable, a home of its own.
        Result run = cli.env("KEYSTASH_KEY_FILE", null).env("KEYSTASH_HOME", folder.resolve("flag-home").toString())
                .shell("sh", "exec \"$1\" \"$2\" -cp \"$3\" \"$4\" OPENAI_API_KEY", null,
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), rewritten,
                        Artifacts.testClasses(), EnvProbe.class.getName());
        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(report(run.out()).get("getenv.OPENAI_API_KEY")).as("what the program saw").isEqualTo(Hashes.of(value));
        assertThat(run.err()).as("the agent is silent").isEmpty();
    }

    /** A Dockerfile's instructions: comments dropped, continuation lines joined. */
    private static List<String> instructions(String dockerfile) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                instructions.add(current.append(trimmed).toString());
                current.setLength(0);
            }
        }
        assertThat(current.length()).as("a continuation line at the end").isZero();
        return instructions;
    }

    private static Map<String, String> report(String stdout) {
        Map<String, String> report = new LinkedHashMap<>();
        for (String line : stdout.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                report.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return report;
    }
}
