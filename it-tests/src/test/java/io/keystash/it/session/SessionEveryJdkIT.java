package io.keystash.it.session;

import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.keystash.it.session.SessionFixture.VALUE;
import static io.keystash.it.session.SessionFixture.awaitGone;
import static io.keystash.it.session.SessionFixture.require;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real launcher's unlock session on each supported JDK found (JAVA_HOME chooses it): the
 * session process runs on that JDK (its Unix socket and peer-credential check are the JDK's), it
 * serves a {@code keystash} started on every other JDK found (the protocol does not depend on the
 * JDK), and {@code lock} ends it.
 */
class SessionEveryJdkIT {
    @TempDir
    Path folder;
    private SessionFixture fixture;

    static List<Jdk> jdks() {
        return Jdks.matrix();
    }

    @AfterEach
    void endSessions() {
        if (fixture != null) {
            fixture.endSessions();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aSessionOnThisJdkServesClientsOnEveryJdk(Jdk jdk) throws Exception {
        Jdks.assumePresent(jdk);
        fixture = SessionFixture.create(Files.createDirectories(folder.resolve("jdk" + jdk.major())));
        KeystashCli cli = fixture.cli;
        cli.env("JAVA_HOME", jdk.home().toString());

        Result unlock = fixture.unlock("--for", "10m");
        assertThat(unlock.status()).as(unlock.toString()).isZero();
        long pid = fixture.sessionPid();
        String command = ProcessHandle.of(pid).orElseThrow().info().command().orElseThrow();
        assertThat(Path.of(command).toRealPath()).as("the session's java").startsWith(jdk.home());

        for (Jdk client : Jdks.present()) {
            cli.env("JAVA_HOME", client.home().toString());
            Result get = cli.run("get", "openai");
            assertThat(get.status()).as("get on JDK %s through a session on JDK %s: %s", client, jdk, get).isZero();
            assertThat(get.out().equals(VALUE + "\n")).as("get on JDK %s prints the value", client).isTrue();
            Result status = require(cli.run("unlock", "--status"), "status on JDK " + client);
            assertThat(status.out()).contains("session process " + pid);
        }

        cli.env("JAVA_HOME", jdk.home().toString());
        require(cli.run("lock"), "lock");
        assertThat(awaitGone(pid, Duration.ofSeconds(10))).as("the session ended").isTrue();
        Result locked = cli.run("get", "openai");
        assertThat(locked.status()).as(locked.toString()).isEqualTo(3);
        assertThat(fixture.socket()).as("the socket went with it").isEmpty();
    }
}
