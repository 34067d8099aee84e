package io.keystash.it.agent;

import io.keystash.it.support.Artifacts;
import io.keystash.it.support.Hashes;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.ProcessResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Launch and assertion helpers shared by the agent tests. */
final class AgentRuns {
    private AgentRuns() {
    }

    private static Path sharedHome;

    /**
     * A launch of {@code jdk} with the built agent and its options, with {@code KEYSTASH_HOME} set to
     * a home shared by the agent tests of this test JVM ({@code target/agent-home}, emptied once):
     * the first launch on each JDK transforms and fills its class cache, the others start warm, and
     * nothing is written to the user's own {@code ~/.keystash}. {@link AgentClassCacheIT} tests the
     * cache itself, with homes of its own.
     */
    static JavaLaunch withAgent(Jdk jdk, String options) {
        return JavaLaunch.on(jdk).agent(Artifacts.agentJar(), options).env("KEYSTASH_HOME", sharedHome().toString());
    }

    private static synchronized Path sharedHome() {
        if (sharedHome == null) {
            try {
                Path home = Path.of("target", "agent-home").toAbsolutePath();
                if (Files.exists(home)) {
                    try (Stream<Path> paths = Files.walk(home)) {
                        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(path);
                        }
                    }
                }
                sharedHome = Files.createDirectories(home, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sharedHome;
    }

    /** {@code vault=…,keyfile=…,profile=prod} plus {@code extra} options. */
    static String keyFileOptions(AgentVaults vaults, String extra) {
        return "profile=" + AgentVaults.PROFILE + ",vault=" + vaults.vault + ",keyfile=" + vaults.keyFile
                + (extra.isEmpty() ? "" : "," + extra);
    }

    /** No stored value, master passphrase or key appears in the output. Reports booleans only. */
    static void assertNoSecretIn(ProcessResult result, AgentVaults vaults, String... more) {
        boolean leaked = false;
        for (String value : vaults.values.values()) {
            leaked |= result.stdout().contains(value) || result.stderr().contains(value);
        }
        leaked |= result.stdout().contains(vaults.passphrase) || result.stderr().contains(vaults.passphrase);
        for (String value : more) {
            leaked |= result.stdout().contains(value) || result.stderr().contains(value);
        }
        assertThat(leaked).as("a secret value appears in stdout or stderr").isFalse();
    }

    /** The report's entry for {@code check} is the hash of {@code expected} (null: absent). */
    static void assertSeen(Map<String, String> report, String check, String expected) {
        assertThat(report).as("report has %s", check).containsKey(check);
        boolean matches = Hashes.of(expected).equals(report.get(check));
        assertThat(matches).as("%s is %s", check, expected == null ? "absent" : "the expected value").isTrue();
    }
}
