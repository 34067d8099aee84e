package io.keystash.it.agent;

import io.keystash.it.agent.programs.EnvProbe;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.ProcessResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import static io.keystash.it.agent.AgentRuns.assertNoSecretIn;
import static io.keystash.it.agent.AgentRuns.assertSeen;
import static io.keystash.it.agent.AgentRuns.keyFileOptions;
import static io.keystash.it.agent.AgentRuns.withAgent;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a program and its children see under the agent (docs/agent.md), on every JDK found: the getters,
 * the map, properties, children through every way of starting one, hidden unlock variables,
 * {@code children=none}, {@code override}, {@code env}/{@code props}, and silence.
 */
class AgentEnvironmentIT {
    private static final String MASTER = "master-canary-passphrase";
    private static final String[] NAMES = {"OPENAI_API_KEY", "openai.api.key", "AWS_SECRET_ACCESS_KEY",
        "service.token", "API_KEY_MASTER", "API_KEY_MASTER_FILE", "KEYSTASH_KEY_FILE", "REAL_VAR"};
    private static final List<String> UNLOCK = List.of("API_KEY_MASTER", "API_KEY_MASTER_FILE", "KEYSTASH_KEY_FILE");
    private static final List<String> CHILD_WAYS = List.of("pbenv", "child", "exec", "pipeline");

    @TempDir
    static Path folder;
    static AgentVaults vaults;

    @BeforeAll
    static void createVaults() throws Exception {
        vaults = AgentVaults.create(folder);
    }

    static List<Jdk> jdks() {
        return Jdks.matrix();
    }

    private static ProcessResult probe(Jdk jdk, String options, String... env) {
        var launch = withAgent(jdk, options).classPath(Artifacts.testClasses()).main(EnvProbe.class, NAMES)
                .env("API_KEY_MASTER", MASTER)
                .env("API_KEY_MASTER_FILE", folder.resolve("no-such-passphrase-file").toString())
                .env("KEYSTASH_KEY_FILE", vaults.keyFile.toString())
                .env("REAL_VAR", "real-value");
        for (int i = 0; i < env.length; i += 2) {
            launch.env(env[i], env[i + 1]);
        }
        ProcessResult result = launch.run();
        assertThat(result.exitCode()).as("exit status of %s", result).isZero();
        assertNoSecretIn(result, vaults, MASTER);
        return result;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void servesTheProfileEverywhereAndSaysNothing(Jdk jdk) {
        ProcessResult result = probe(jdk, keyFileOptions(vaults, ""));
        Map<String, String> report = result.report();

        assertThat(result.stderr()).as("stderr is empty").isEmpty();
        assertThat(result.stdoutLines()).as("stdout holds the report only").allMatch(line -> line.contains("="));
        for (String name : List.of("OPENAI_API_KEY", "AWS_SECRET_ACCESS_KEY")) {
            assertSeen(report, "getenv." + name, vaults.value(name));
            assertSeen(report, "map." + name, vaults.value(name));
            assertThat(report.get("keys." + name)).isEqualTo("true");
            for (String way : CHILD_WAYS) {
                assertSeen(report, way + "." + name, vaults.value(name));
            }
            assertSeen(report, "explicit." + name, null);
            assertSeen(report, "envp." + name, null);
            assertSeen(report, "prop." + name, null);
        }
        for (String property : List.of("openai.api.key", "service.token")) {
            assertSeen(report, "prop." + property, vaults.value(property));
            assertSeen(report, "propdef." + property, vaults.value(property));
            assertSeen(report, "props." + property, vaults.value(property));
            assertThat(report.get("propnames." + property)).isEqualTo("true");
            assertSeen(report, "getenv." + property, null);
        }
        assertUnlockVariablesHidden(report);
        assertSeen(report, "getenv.REAL_VAR", "real-value");
        assertSeen(report, "child.REAL_VAR", "real-value");
        for (String invariant : List.of("identity", "unmodifiable", "consistent", "nullNameThrows",
                "builderMatchesGetenv", "childMatchesGetenv", "explicitKept", "envpKept")) {
            assertThat(report.get(invariant)).as("%s (names differing: %s)", invariant, report.get("childDifference"))
                    .isEqualTo("true");
        }
        assertThat(report.get("main")).isEqualTo("ran");
    }

    /** The jar's file name does not matter (a versioned name, a copy): the same agent, the same keys. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aCopyUnderAnotherNameServesTheSameKeys(Jdk jdk) throws Exception {
        Path copy = Files.createDirectories(folder.resolve("renamed-" + jdk.major())).resolve("ks-agent-copy.jar");
        Files.copy(Artifacts.agentJar(), copy, StandardCopyOption.REPLACE_EXISTING);
        ProcessResult result = JavaLaunch.on(jdk).agent(copy, keyFileOptions(vaults, ""))
                .env("KEYSTASH_HOME", folder.toString()).classPath(Artifacts.testClasses())
                .main(EnvProbe.class, "OPENAI_API_KEY").run();
        assertThat(result.exitCode()).as("exit status of %s", result).isZero();
        assertThat(result.stderr()).as("stderr is empty").isEmpty();
        assertSeen(result.report(), "getenv.OPENAI_API_KEY", vaults.value("OPENAI_API_KEY"));
        assertNoSecretIn(result, vaults);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void defaultOptionsFindVaultKeyAndProfileInTheEnvironmentSilently(Jdk jdk) {
        ProcessResult result = withAgent(jdk, "").classPath(Artifacts.testClasses())
                .main(EnvProbe.class, "OPENAI_API_KEY", "KEYSTASH_KEY_FILE")
                .env("KEYSTASH_VAULT", vaults.vault.toString())
                .env("KEYSTASH_KEY_FILE", vaults.keyFile.toString())
                .run();
        assertThat(result.exitCode()).as("exit status of %s", result).isZero();
        assertThat(result.stderr()).as("stderr is empty").isEmpty();
        assertNoSecretIn(result, vaults);
        Map<String, String> report = result.report();
        assertSeen(report, "getenv.OPENAI_API_KEY", vaults.value("OPENAI_API_KEY"));
        assertSeen(report, "getenv.KEYSTASH_KEY_FILE", null);
        assertSeen(report, "child.KEYSTASH_KEY_FILE", null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void childrenNoneGivesChildrenTheRealEnvironmentOnly(Jdk jdk) {
        ProcessResult result = probe(jdk, keyFileOptions(vaults, "children=none"));
        Map<String, String> report = result.report();
        assertThat(result.stderr()).as("stderr is empty").isEmpty();
        assertSeen(report, "getenv.OPENAI_API_KEY", vaults.value("OPENAI_API_KEY"));
        for (String way : CHILD_WAYS) {
            assertSeen(report, way + ".OPENAI_API_KEY", null);
            assertSeen(report, way + ".REAL_VAR", "real-value");
        }
        assertUnlockVariablesHidden(report);
        assertThat(report.get("builderMatchesGetenv")).isEqualTo("false");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void overrideReplacesRealNamesWithOneWarningEach(Jdk jdk) {
        ProcessResult result = probe(jdk, keyFileOptions(vaults, ""), "OPENAI_API_KEY", "real-openai-value");
        Map<String, String> report = result.report();
        assertSeen(report, "getenv.OPENAI_API_KEY", vaults.value("OPENAI_API_KEY"));
        assertSeen(report, "child.OPENAI_API_KEY", vaults.value("OPENAI_API_KEY"));
        assertThat(result.stderrLines()).hasSize(1);
        assertThat(result.stderrLines().get(0)).startsWith("keystash-agent: ").contains("OPENAI_API_KEY");

        ProcessResult kept = withAgent(jdk, keyFileOptions(vaults, "override=false"))
                .jvmOption("-Dservice.token=from-command-line").classPath(Artifacts.testClasses())
                .main(EnvProbe.class, "OPENAI_API_KEY", "service.token").env("OPENAI_API_KEY", "real-openai-value").run();
        assertThat(kept.exitCode()).as("exit status of %s", kept).isZero();
        assertNoSecretIn(kept, vaults);
        Map<String, String> keptReport = kept.report();
        assertSeen(keptReport, "getenv.OPENAI_API_KEY", "real-openai-value");
        assertSeen(keptReport, "child.OPENAI_API_KEY", "real-openai-value");
        assertSeen(keptReport, "prop.service.token", "from-command-line");
        assertThat(kept.stderrLines()).hasSize(2).allMatch(line -> line.startsWith("keystash-agent: "));
        assertThat(kept.stderr()).contains("OPENAI_API_KEY").contains("service.token");

        ProcessResult replaced = withAgent(jdk, keyFileOptions(vaults, ""))
                .jvmOption("-Dservice.token=from-command-line").classPath(Artifacts.testClasses())
                .main(EnvProbe.class, "service.token").run();
        assertThat(replaced.exitCode()).as("exit status of %s", replaced).isZero();
        assertSeen(replaced.report(), "prop.service.token", vaults.value("service.token"));
        assertThat(replaced.stderrLines()).hasSize(1);
        assertThat(replaced.stderrLines().get(0)).startsWith("keystash-agent: ").contains("service.token");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void envAndPropsFalseServeNothingButStillHideTheUnlockVariables(Jdk jdk) {
        ProcessResult result = probe(jdk, keyFileOptions(vaults, "env=false,props=false"));
        Map<String, String> report = result.report();
        assertThat(result.stderr()).as("stderr is empty").isEmpty();
        assertSeen(report, "getenv.OPENAI_API_KEY", null);
        assertSeen(report, "child.OPENAI_API_KEY", null);
        assertSeen(report, "prop.openai.api.key", null);
        assertSeen(report, "prop.service.token", null);
        assertUnlockVariablesHidden(report);
    }

    /**
     * Both passphrase KDFs, run by the agent's own relocated Bouncy Castle (Argon2id's BLAKE2b,
     * PBKDF2's HMAC-SHA-256), unlock through a passphrase file, as the key file's HKDF does above.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void argon2idAndPbkdf2VaultsUnlockWithAPassphraseFile(Jdk jdk) {
        for (Path vault : List.of(vaults.passphraseVault, vaults.pbkdf2Vault)) {
            ProcessResult result = withAgent(jdk, "profile=" + AgentVaults.PASSPHRASE_PROFILE + ",vault=" + vault
                    + ",passphrase-file=" + vaults.passphraseFile)
                    .classPath(Artifacts.testClasses()).main(EnvProbe.class, "OPENAI_API_KEY").run();
            assertThat(result.exitCode()).as("exit status of %s with %s", result, vault.getFileName()).isZero();
            assertThat(result.stderr()).as("stderr with %s", vault.getFileName()).isEmpty();
            assertSeen(result.report(), "getenv.OPENAI_API_KEY", vaults.value("OPENAI_API_KEY"));
            assertNoSecretIn(result, vaults);
        }
    }

    private static void assertUnlockVariablesHidden(Map<String, String> report) {
        for (String name : UNLOCK) {
            assertSeen(report, "getenv." + name, null);
            assertSeen(report, "map." + name, null);
            assertThat(report.get("keys." + name)).as("%s among getenv() keys", name).isEqualTo("false");
            for (String way : CHILD_WAYS) {
                assertSeen(report, way + "." + name, null);
            }
        }
    }
}
