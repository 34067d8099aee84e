package io.keystash.it.agent;

import io.keystash.it.agent.programs.EnvProbe;
import io.keystash.it.agent.programs.MainRan;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import io.keystash.it.support.ProcessResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.keystash.it.agent.AgentRuns.assertNoSecretIn;
import static io.keystash.it.agent.AgentRuns.assertSeen;
import static io.keystash.it.agent.AgentRuns.withAgent;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way the agent can fail to serve the profile: with {@code onerror=fail} (the default) one
 * line on stderr and status 78 before the program's {@code main}; with {@code onerror=warn} one
 * line and the program runs, without the keys and still without the unlock variables.
 */
class AgentFailureIT {
    private static final String WRONG_PASSPHRASE = "wrong-passphrase-canary";

    @TempDir
    static Path folder;
    static AgentVaults vaults;

    @BeforeAll
    static void createVaults() throws Exception {
        vaults = AgentVaults.create(folder);
    }

    /** A failure: the options, the environment, and a word the message must contain. */
    record Failure(String name, String options, Map<String, String> environment, String mentions) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Failure> failures() {
        String vault = "vault=" + vaults.vault;
        String keyFile = ",keyfile=" + vaults.keyFile;
        return List.of(
                new Failure("missing vault", "vault=" + folder.resolve("absent.vault") + keyFile, Map.of(), "absent.vault"),
                new Failure("no unlock source", vault, Map.of(),
                        "give the agent option identity=FILE, keyfile=FILE, passphrase-file=FILE or passphrase-command=CMD, "
                                + "set KEYSTASH_IDENTITY, KEYSTASH_KEY_FILE"),
                new Failure("wrong passphrase", "profile=" + AgentVaults.PASSPHRASE_PROFILE + ",vault=" + vaults.passphraseVault,
                        Map.of("API_KEY_MASTER", WRONG_PASSPHRASE), ""),
                new Failure("wrong key file", vault + ",keyfile=" + vaults.wrongKeyFile, Map.of(), ""),
                new Failure("missing profile", vault + keyFile + ",profile=nonesuch", Map.of(), "nonesuch"),
                new Failure("tampered vault", "vault=" + vaults.tamperedVault + keyFile, Map.of(), ""),
                new Failure("unknown option", vault + keyFile + ",colour=blue", Map.of(), "colour"),
                new Failure("bad value", vault + keyFile + ",children=some", Map.of(), "children"));
    }

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Jdk jdk : Jdks.matrix()) {
            for (Failure failure : failures()) {
                cases.add(Arguments.of(jdk, failure));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void failsWithOneLineAndStatus78BeforeMain(Jdk jdk, Failure failure) {
        var launch = withAgent(jdk, failure.options()).classPath(Artifacts.testClasses()).main(MainRan.class);
        failure.environment().forEach(launch::env);
        ProcessResult result = launch.run();

        assertThat(result.exitCode()).as("exit status").isEqualTo(78);
        assertThat(result.stdout()).as("stdout (main must not run)").isEmpty();
        assertThat(result.stderrLines()).as("stderr lines").hasSize(1);
        String line = result.stderrLines().get(0);
        assertThat(line).startsWith("keystash-agent: ").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(line).contains(failure.mentions());
        assertThat(line).as("the agent's options, not the CLI's").doesNotContain("--key-file").doesNotContain("--passphrase-file");
        assertNoSecretIn(result, vaults, WRONG_PASSPHRASE);
    }

    /**
     * A vault whose Argon2id needs 128 MiB, opened by a JVM with a 48 MiB heap: the KDF fails with
     * an {@code OutOfMemoryError}, an unexpected error rather than a vault failure.
     */
    private static synchronized Path memoryHungryVault() throws Exception {
        Path file = folder.resolve("hungry.vault");
        if (!java.nio.file.Files.exists(file)) {
            io.keystash.vault.VaultStore.at(io.keystash.vault.storage.VaultPaths.of(file)).create(
                    new io.keystash.vault.unlock.Passphrase(vaults.passphrase.toCharArray(), "test"),
                    new io.keystash.vault.crypto.Argon2idParams(128 * 1024, 1, 1));
        }
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.keystash.it.agent.AgentEnvironmentIT#jdks")
    void anOutOfMemoryErrorWhileUnlockingIsOneLineAnd78(Jdk jdk) throws Exception {
        ProcessResult result = withAgent(jdk, "vault=" + memoryHungryVault()).jvmOption("-Xmx48m")
                .classPath(Artifacts.testClasses()).main(MainRan.class).env("API_KEY_MASTER", vaults.passphrase).run();
        assertThat(result.exitCode()).as("exit status of %s", result).isEqualTo(78);
        assertThat(result.stdout()).as("main must not run").isEmpty();
        assertThat(result.stderrLines()).as("stderr lines").hasSize(1);
        // refused before deriving when the heap is plainly too small; an OutOfMemoryError on the way is one line too
        assertThat(result.stderrLines().get(0)).startsWith("keystash-agent: ")
                .containsAnyOf("java.lang.OutOfMemoryError", "this JVM can give it only").doesNotContain("\tat ");
        assertNoSecretIn(result, vaults);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.keystash.it.agent.AgentEnvironmentIT#jdks")
    void onerrorWarnRunsTheProgramAfterAnOutOfMemoryErrorWhileUnlocking(Jdk jdk) throws Exception {
        ProcessResult result = withAgent(jdk, "vault=" + memoryHungryVault() + ",onerror=warn").jvmOption("-Xmx48m")
                .classPath(Artifacts.testClasses()).main(EnvProbe.class, "OPENAI_API_KEY", "API_KEY_MASTER")
                .env("API_KEY_MASTER", vaults.passphrase).run();
        assertThat(result.exitCode()).as("exit status of %s", result).isZero();
        assertThat(result.stderrLines()).as("stderr lines").hasSize(1);
        assertThat(result.stderrLines().get(0)).startsWith("keystash-agent: ")
                .containsAnyOf("java.lang.OutOfMemoryError", "this JVM can give it only").contains("onerror=warn");
        Map<String, String> report = result.report();
        assertThat(report.get("main")).isEqualTo("ran");
        assertSeen(report, "getenv.OPENAI_API_KEY", null);
        assertSeen(report, "getenv.API_KEY_MASTER", null);
        assertSeen(report, "child.API_KEY_MASTER", null);
        assertNoSecretIn(result, vaults);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.keystash.it.agent.AgentEnvironmentIT#jdks")
    void onerrorWarnRunsTheProgramWithoutKeysAndStillHidesUnlockVariables(Jdk jdk) {
        ProcessResult result = withAgent(jdk, "vault=" + vaults.vault + ",keyfile=" + vaults.wrongKeyFile + ",onerror=warn")
                .classPath(Artifacts.testClasses()).main(EnvProbe.class, "OPENAI_API_KEY", "API_KEY_MASTER")
                .env("API_KEY_MASTER", WRONG_PASSPHRASE).run();

        assertThat(result.exitCode()).as("exit status of %s", result).isZero();
        assertThat(result.stderrLines()).as("stderr lines").hasSize(1);
        assertThat(result.stderrLines().get(0)).startsWith("keystash-agent: ").contains("onerror=warn");
        Map<String, String> report = result.report();
        assertThat(report.get("main")).isEqualTo("ran");
        assertSeen(report, "getenv.OPENAI_API_KEY", null);
        assertSeen(report, "getenv.API_KEY_MASTER", null);
        assertSeen(report, "child.API_KEY_MASTER", null);
        assertNoSecretIn(result, vaults, WRONG_PASSPHRASE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.keystash.it.agent.AgentEnvironmentIT#jdks")
    void onerrorWarnAlsoCoversABadOption(Jdk jdk) {
        ProcessResult result = withAgent(jdk, "onerror=warn,colour=blue").classPath(Artifacts.testClasses())
                .main(MainRan.class).run();
        assertThat(result.exitCode()).as("exit status of %s", result).isZero();
        assertThat(result.stdout()).contains("main=ran");
        assertThat(result.stderrLines()).hasSize(1);
        assertThat(result.stderrLines().get(0)).startsWith("keystash-agent: ").contains("colour");
    }
}
