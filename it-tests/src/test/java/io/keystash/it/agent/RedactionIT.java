package io.keystash.it.agent;

import io.keystash.it.agent.programs.Log4j2Probe;
import io.keystash.it.agent.programs.LogbackProbe;
import io.keystash.it.agent.programs.PrintProbe;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.ProcessResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;

import static io.keystash.it.agent.AgentRuns.assertNoSecretIn;
import static io.keystash.it.agent.AgentRuns.keyFileOptions;
import static io.keystash.it.agent.AgentRuns.withAgent;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code redact=on} in real JVMs: a served value written with {@code println}, {@code printf}, split
 * across two {@code print}s, as bytes, to {@code System.err}, and through Logback's and Log4j2's
 * default console appenders comes out as {@code [keystash:NAME]}; the value itself never.
 */
class RedactionIT {
    private static final String REDACTED = "[keystash:OPENAI_API_KEY]";

    @TempDir
    static Path folder;
    static AgentVaults vaults;

    @BeforeAll
    static void createVaults() throws Exception {
        vaults = AgentVaults.create(folder);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.keystash.it.agent.LiveKeysIT#jdks")
    void systemOutAndErrShowTheNameNotTheValue(Jdk jdk) {
        ProcessResult result = withAgent(jdk, keyFileOptions(vaults, "redact=on")).classPath(Artifacts.testClasses())
                .main(PrintProbe.class, "OPENAI_API_KEY").run();
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdoutLines()).contains("println " + REDACTED, "printf [" + REDACTED + "]",
                "split " + REDACTED + " end", "bytes " + REDACTED, "main=ran");
        assertThat(result.stderrLines()).containsExactly("stderr " + REDACTED);
        // The last write, the value's first four characters and no line end, was held back and passed on at exit.
        String last = result.stdoutLines().get(result.stdoutLines().size() - 1);
        assertThat(last).startsWith("last ").hasSize("last ".length() + 4);
        assertNoSecretIn(result, vaults);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.keystash.it.agent.LiveKeysIT#jdks")
    void logbacksConsoleAppenderShowsTheName(Jdk jdk) {
        ProcessResult result = withAgent(jdk, keyFileOptions(vaults, "redact=on"))
                .classPath(Artifacts.withLoggingJars("slf4j-api", "logback-classic", "logback-core"))
                .main(LogbackProbe.class, "OPENAI_API_KEY").run();
        assertThat(result.exitCode()).isZero();
        assertThat(result.report().get("framework")).startsWith("ch.qos.logback");
        assertThat(result.stdout()).contains("the key is " + REDACTED).contains("again " + REDACTED + " and " + REDACTED);
        assertNoSecretIn(result, vaults);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.keystash.it.agent.LiveKeysIT#jdks")
    void log4j2sConsoleAppenderShowsTheName(Jdk jdk) {
        ProcessResult result = withAgent(jdk, keyFileOptions(vaults, "redact=on"))
                .classPath(Artifacts.withLoggingJars("log4j-api", "log4j-core"))
                .main(Log4j2Probe.class, "OPENAI_API_KEY").run();
        assertThat(result.exitCode()).isZero();
        assertThat(result.report().get("framework")).startsWith("org.apache.logging.log4j.core");
        assertThat(result.stdout() + result.stderr()).contains("the key is " + REDACTED)
                .contains("again " + REDACTED + " and " + REDACTED);
        assertNoSecretIn(result, vaults);
    }
}
