package io.keystash.it.agent;

import io.keystash.it.agent.programs.EnvProbe;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.ProcFiles;
import io.keystash.it.support.ProcessResult;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;

import static io.keystash.it.agent.AgentRuns.assertNoSecretIn;
import static io.keystash.it.agent.AgentRuns.assertSeen;
import static io.keystash.it.agent.AgentRuns.withAgent;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * From outside the running program: its {@code /proc/PID/environ} and {@code /proc/PID/cmdline}
 * hold no served secret while the program is running and using them.
 */
class AgentProcFilesIT {
    @TempDir
    static Path folder;
    static AgentVaults vaults;

    @BeforeAll
    static void createVaults() throws Exception {
        Assumptions.assumeTrue(ProcFiles.available(), "no /proc on this system");
        vaults = AgentVaults.create(folder);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.keystash.it.agent.AgentEnvironmentIT#jdks")
    void servedKeysNeverReachTheEnvironmentBlockOrCommandLine(Jdk jdk) {
        JavaLaunch.RunningProgram program = withAgent(jdk, "profile=" + AgentVaults.PASSPHRASE_PROFILE
                + ",vault=" + vaults.passphraseVault)
                .classPath(Artifacts.testClasses()).main(EnvProbe.class, "--wait", "OPENAI_API_KEY", "API_KEY_MASTER")
                .env("API_KEY_MASTER", vaults.passphrase)
                .startAndAwait("ready");
        byte[] environ = ProcFiles.environ(program.pid());
        byte[] cmdline = ProcFiles.cmdline(program.pid());
        ProcessResult result = program.finish();

        assertThat(result.exitCode()).as("exit status of %s", result).isZero();
        assertSeen(result.report(), "getenv.OPENAI_API_KEY", vaults.value("OPENAI_API_KEY"));
        assertSeen(result.report(), "getenv.API_KEY_MASTER", null);
        for (String value : vaults.values.values()) {
            assertThat(ProcFiles.contains(environ, value)).as("a served key in /proc/PID/environ").isFalse();
            assertThat(ProcFiles.contains(cmdline, value)).as("a served key in /proc/PID/cmdline").isFalse();
        }
        // The documented limit (docs/agent.md): the kernel keeps the initial environment block, so a
        // passphrase given in API_KEY_MASTER stays readable there; hence keyfile=/passphrase-file=.
        assertThat(ProcFiles.contains(environ, vaults.passphrase)).as("API_KEY_MASTER in the initial block").isTrue();
        assertThat(ProcFiles.contains(cmdline, vaults.passphrase)).as("passphrase on the command line").isFalse();
        assertNoSecretIn(result, vaults);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.keystash.it.agent.AgentEnvironmentIT#jdks")
    void keyFileUnlockLeavesNoSecretInProcFiles(Jdk jdk) {
        JavaLaunch.RunningProgram program = withAgent(jdk, AgentRuns.keyFileOptions(vaults, ""))
                .classPath(Artifacts.testClasses()).main(EnvProbe.class, "--wait", "OPENAI_API_KEY")
                .startAndAwait("ready");
        byte[] environ = ProcFiles.environ(program.pid());
        byte[] cmdline = ProcFiles.cmdline(program.pid());
        ProcessResult result = program.finish();

        assertThat(result.exitCode()).as("exit status of %s", result).isZero();
        assertSeen(result.report(), "getenv.OPENAI_API_KEY", vaults.value("OPENAI_API_KEY"));
        for (String value : vaults.values.values()) {
            assertThat(ProcFiles.contains(environ, value)).as("a served key in /proc/PID/environ").isFalse();
            assertThat(ProcFiles.contains(cmdline, value)).as("a served key in /proc/PID/cmdline").isFalse();
        }
    }
}
