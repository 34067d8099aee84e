package io.keystash.it.agent;

import io.keystash.it.agent.programs.AgentLoaderProbe;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.ProcessResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.keystash.it.agent.AgentRuns.assertNoSecretIn;
import static io.keystash.it.agent.AgentRuns.assertSeen;
import static io.keystash.it.agent.AgentRuns.keyFileOptions;
import static io.keystash.it.agent.AgentRuns.withAgent;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the agent's classes load from. Its manifest's {@code Boot-Class-Path} names the jar itself,
 * so under its own name ({@code keystash-agent.jar}) its classes load through the boot class loader
 * (the faster start, and no JVM warning: the path is added before the JVM is up, unlike a later
 * {@code appendToBootstrapClassLoaderSearch}). A copy under another name finds no such file beside
 * it and runs from the application class loader: slower, but the same agent, and just as silent.
 */
class AgentClassLoadingIT {
    @TempDir
    static Path folder;
    static AgentVaults vaults;

    @BeforeAll
    static void createVaults() throws Exception {
        vaults = AgentVaults.create(folder);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.keystash.it.agent.AgentEnvironmentIT#jdks")
    void underItsOwnNameTheAgentsClassesLoadThroughTheBootLoaderSilently(Jdk jdk) {
        ProcessResult result = withAgent(jdk, keyFileOptions(vaults, "")).classPath(Artifacts.testClasses())
                .main(AgentLoaderProbe.class).run();
        assertThat(result.exitCode()).as("exit status of %s", result).isZero();
        assertThat(result.report().get("loader")).isEqualTo("boot");
        assertSeen(result.report(), "getenv.OPENAI_API_KEY", vaults.value("OPENAI_API_KEY"));
        assertThat(result.stderr()).as("stderr (a JVM warning about the boot class path would show here)").isEmpty();
        assertNoSecretIn(result, vaults);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.keystash.it.agent.AgentEnvironmentIT#jdks")
    void aCopyUnderAnotherNameRunsFromTheApplicationLoaderAndServesTheSameKeys(Jdk jdk) throws Exception {
        Path copy = Files.createDirectories(folder.resolve("renamed-" + jdk.major())).resolve("ks-agent-copy.jar");
        Files.copy(Artifacts.agentJar(), copy);
        ProcessResult result = JavaLaunch.on(jdk).agent(copy, keyFileOptions(vaults, ""))
                .env("KEYSTASH_HOME", folder.toString()).classPath(Artifacts.testClasses())
                .main(AgentLoaderProbe.class).run();
        assertThat(result.exitCode()).as("exit status of %s", result).isZero();
        assertThat(result.report().get("loader")).isEqualTo("app");
        assertSeen(result.report(), "getenv.OPENAI_API_KEY", vaults.value("OPENAI_API_KEY"));
        assertThat(result.stderr()).isEmpty();
        assertNoSecretIn(result, vaults);
    }
}
