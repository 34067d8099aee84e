package io.keystash.it.session;

import io.keystash.it.agent.programs.EnvProbe;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.Hashes;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import io.keystash.it.support.ProcFiles;
import io.keystash.it.support.ProcessResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static io.keystash.it.session.SessionFixture.PASSPHRASE;
import static io.keystash.it.session.SessionFixture.VALUE;
import static io.keystash.it.session.SessionFixture.require;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real agent jar on every JDK found, unlocked by a running session: no unlock variable, no
 * option but the profile and the vault; {@code session=off} does without it; a passphrase command
 * as the agent's own option; and the program's {@code /proc} files hold no secret.
 */
class SessionAgentIT {
    @TempDir
    static Path folder;
    static SessionFixture fixture;

    @BeforeAll
    static void aRunningSession() {
        fixture = SessionFixture.create(folder);
        require(fixture.unlock("--for", "30m"), "unlock");
    }

    @AfterAll
    static void endIt() {
        if (fixture != null) {
            fixture.endSessions();
        }
    }

    static List<Jdk> jdks() {
        return Jdks.matrix();
    }

    private static JavaLaunch agent(Jdk jdk, String extraOptions) {
        return JavaLaunch.on(jdk)
                .agent(Artifacts.agentJar(), "profile=" + SessionFixture.PROFILE + ",vault=" + fixture.cli.vaultFile()
                        + (extraOptions.isEmpty() ? "" : "," + extraOptions))
                .env("KEYSTASH_HOME", fixture.cli.home().toString())
                .env("XDG_RUNTIME_DIR", fixture.runtime.toString())
                .classPath(Artifacts.testClasses());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theAgentUnlocksThroughTheSession(Jdk jdk) {
        JavaLaunch.RunningProgram program = agent(jdk, "").main(EnvProbe.class, "--wait", "OPENAI_API_KEY")
                .startAndAwait("ready");
        byte[] environ = ProcFiles.available() ? ProcFiles.environ(program.pid()) : new byte[0];
        byte[] cmdline = ProcFiles.available() ? ProcFiles.cmdline(program.pid()) : new byte[0];
        ProcessResult result = program.finish();

        assertThat(result.exitCode()).as("exit status of %s", result).isZero();
        assertThat(Hashes.of(VALUE).equals(result.report().get("getenv.OPENAI_API_KEY")))
                .as("the program sees the vault's value").isTrue();
        assertThat(result.stderr()).as("silent by default").isEmpty();
        for (String secret : new String[] {PASSPHRASE, VALUE}) {
            assertThat(ProcFiles.contains(environ, secret)).as("a secret in the program's environ").isFalse();
            assertThat(ProcFiles.contains(cmdline, secret)).as("a secret in the program's cmdline").isFalse();
            assertThat(result.stdout().contains(secret) || result.stderr().contains(secret)).as("a secret in its output").isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void sessionOffDoesWithoutIt(Jdk jdk) {
        ProcessResult result = agent(jdk, "session=off").main(EnvProbe.class, "OPENAI_API_KEY").run();
        assertThat(result.exitCode()).as("exit status of %s", result).isEqualTo(78);
        assertThat(result.stderr()).startsWith("keystash-agent: vault is locked").contains("passphrase-command=CMD");
        assertThat(result.stderr().strip().lines()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aPassphraseCommandComesBeforeTheSession(Jdk jdk) {
        ProcessResult good = agent(jdk, "passphrase-command=cat " + fixture.passphraseFile)
                .main(EnvProbe.class, "OPENAI_API_KEY", "KEYSTASH_PASSPHRASE_COMMAND").run();
        assertThat(good.exitCode()).as("exit status of %s", good).isZero();
        assertThat(Hashes.of(VALUE).equals(good.report().get("getenv.OPENAI_API_KEY"))).isTrue();

        ProcessResult hidden = agent(jdk, "session=off").env("KEYSTASH_PASSPHRASE_COMMAND", "cat " + fixture.passphraseFile)
                .main(EnvProbe.class, "OPENAI_API_KEY", "KEYSTASH_PASSPHRASE_COMMAND").run();
        assertThat(hidden.exitCode()).as("exit status of %s", hidden).isZero();
        assertThat(hidden.report().get("getenv.KEYSTASH_PASSPHRASE_COMMAND")).as("hidden from the program")
                .isEqualTo(Hashes.of(null));
        assertThat(hidden.report().get("child.KEYSTASH_PASSPHRASE_COMMAND")).as("and from its children")
                .isEqualTo(Hashes.of(null));

        ProcessResult failing = agent(jdk, "passphrase-command=echo " + VALUE + " && exit 9")
                .main(EnvProbe.class, "OPENAI_API_KEY").run();
        assertThat(failing.exitCode()).as("a failing command is not skipped for the session: %s", failing).isEqualTo(78);
        assertThat(failing.stderr()).startsWith("keystash-agent: passphrase command '").contains("failed (exit status 9)");
        assertThat(failing.stdout().contains(VALUE)).as("its output is not the program's").isFalse();
    }
}
