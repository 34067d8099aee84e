package io.keystash.it.shared;

import io.keystash.it.agent.programs.LiveProbe;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.EtcdCluster;
import io.keystash.it.support.Hashes;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import io.keystash.it.support.ProcessResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rotation on one machine reaching a program already running on another: alice rotates through
 * the store, bob's {@code keystash sync --watch} rewrites his replica, and the agent in bob's
 * running JVM serves the new value (real etcd, real CLI, real agent jar, every JDK found).
 */
class ReplicaReloadIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static EtcdCluster cluster;

    @TempDir
    Path folder;

    @BeforeAll
    static void startCluster() {
        cluster = EtcdCluster.start("replica-reload-it", 1, null);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String random(String prefix) {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    @Test
    void aRotationOnAnotherMachineReachesTheRunningProgramThroughSyncWatch() throws Exception {
        String first = random("sk-first-");
        KeystashCli alice = KeystashCli.withVault(folder.resolve("alice"));
        ok(alice.run("remote", "set", cluster.url("team-live")));
        ok(alice.run("push"));
        ok(alice.runWithInput(first, "store", "openai", "--provider", "openai"));
        ok(alice.run("profile", "create", "prod"));
        ok(alice.run("profile", "add-key", "prod", "openai"));

        KeystashCli bob = new KeystashCli(Files.createDirectories(folder.resolve("bob")));
        String recipient = ok(bob.run("identity", "create")).out().strip();
        ok(alice.run("member", "add", "bob", recipient));
        ok(bob.run("remote", "set", cluster.url("team-live")));
        bob.env("KEYSTASH_IDENTITY", bob.home().resolve("identity").toString());
        ok(bob.run("pull"));

        Process watch = bob.start("sync", "--watch");
        String served = first;
        try {
            for (Jdk jdk : Jdks.present()) {
                JavaLaunch.RunningProgram program = JavaLaunch.on(jdk)
                        .agent(Artifacts.agentJar(), "profile=prod,identity=" + bob.home().resolve("identity"))
                        .env("KEYSTASH_HOME", bob.home().toString())
                        .classPath(Artifacts.testClasses())
                        .main(LiveProbe.class, "OPENAI_API_KEY")
                        .startAndAwait("ready");
                program.awaitLine("seen OPENAI_API_KEY=" + Hashes.of(served), WAIT);

                String next = random("sk-rotated-");
                ok(alice.runWithInput(next, "rotate", "openai"));
                program.awaitLine("seen OPENAI_API_KEY=" + Hashes.of(next), WAIT);
                program.send("child OPENAI_API_KEY");
                assertThat(program.awaitLine("child OPENAI_API_KEY=", WAIT)).as(jdk.toString())
                        .isEqualTo("child OPENAI_API_KEY=" + Hashes.of(next));

                ProcessResult result = program.finish();
                assertThat(result.exitCode()).as(jdk + ": status").isZero();
                assertThat(result.stderr().lines().filter(line -> line.startsWith("keystash-agent:")))
                        .as(jdk + ": no failed reload").isEmpty();
                boolean leaked = (result.stdout() + result.stderr()).contains(first)
                        || (result.stdout() + result.stderr()).contains(next);
                assertThat(leaked).as(jdk + ": a value in the program's output").isFalse();
                served = next;
            }
        } finally {
            watch.toHandle().destroy(); // SIGTERM
        }
        Result stopped = KeystashCli.finish(watch);
        assertThat(stopped.err()).contains("pulled generation");
        assertThat(stopped.out() + stopped.err()).doesNotContain(first).doesNotContain(served);
    }

    private static Result ok(Result result) {
        assertThat(result.status()).as(result.toString()).isZero();
        return result;
    }
}
