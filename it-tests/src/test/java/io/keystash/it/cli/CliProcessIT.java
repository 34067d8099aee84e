package io.keystash.it.cli;

import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.keystash.it.support.Hashes.sha256Hex;
import static org.assertj.core.api.Assertions.assertThat;

/** The real launcher as a process: pipes, no terminal, statuses, run, concurrency. */
class CliProcessIT {
    private static final String OPENAI = "sk-itprocess0123456789abcdefghijkl";

    @TempDir
    Path folder;

    @Test
    void launcherIsExecutableAndReportsItsVersion() {
        assertThat(Files.isExecutable(KeystashCli.script())).isTrue();
        Result version = new KeystashCli(folder).run("--version");
        assertThat(version.status()).as(version.toString()).isZero();
        assertThat(version.out()).startsWith("keystash ");
    }

    @Test
    void launcherFindsJavaOnPathWithoutJavaHome() {
        KeystashCli launcher = new KeystashCli(folder).env("JAVA_HOME", null)
                .env("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
        assertThat(launcher.run("--version").status()).isZero();
    }

    @Test
    void launcherWorksThroughASymlink() throws Exception {
        Path link = Files.createSymbolicLink(folder.resolve("keystash"), KeystashCli.script());
        Process process = new ProcessBuilder(link.toString(), "--version").start();
        Result result = KeystashCli.finish(process);
        assertThat(result.status()).as(result.toString()).isZero();
    }

    @Test
    void valuesRoundTripThroughPipes() {
        KeystashCli cli = KeystashCli.withVault(folder);
        Result store = cli.runWithInput(OPENAI + "\n", "store", "openai", "--provider", "openai");
        assertThat(store.status()).as(store.toString()).isZero();
        Result get = cli.run("get", "openai");
        assertThat(get.status()).isZero();
        assertThat(sha256Hex(get.out())).isEqualTo(sha256Hex(OPENAI + "\n"));
        assertThat(store.err().contains(OPENAI) || get.err().contains(OPENAI)).isFalse();
    }

    @Test
    void noTerminalAndNoInputFailsFastInsteadOfHanging() {
        KeystashCli cli = KeystashCli.withVault(folder);
        Instant start = Instant.now();
        Result store = cli.run("store", "k");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(30));
        assertThat(store.status()).isEqualTo(2);
        assertThat(store.err()).startsWith("keystash: no value on standard input");
        Result locked = cli.env("KEYSTASH_KEY_FILE", null).run("list");
        assertThat(locked.status()).isEqualTo(3);
        assertThat(locked.err()).startsWith("keystash: vault is locked");
    }

    @Test
    void exitStatusesFollowTheSpec() {
        KeystashCli cli = KeystashCli.withVault(folder);
        cli.runWithInput("v", "store", "k");
        assertThat(cli.run("list").status()).isZero();
        assertThat(cli.run("list", "--bogus").status()).isEqualTo(2);
        assertThat(cli.run("get", "missing").status()).isEqualTo(4);
        assertThat(cli.runWithInput("v", "store", "k").status()).isEqualTo(5);
        assertThat(cli.run("get", "k", "--clipboard").status()).isEqualTo(6);
        Result wrong = cli.env("KEYSTASH_KEY_FILE", null).env("API_KEY_MASTER", "wrong").run("list");
        assertThat(wrong.status()).isEqualTo(3);
        assertThat(wrong.err()).contains("wrong passphrase or key");
    }

    @Test
    void runPassesEnvironmentStatusAndSignals() throws Exception {
        KeystashCli cli = KeystashCli.withVault(folder);
        cli.runWithInput(OPENAI, "store", "openai", "--provider", "openai");
        cli.run("profile", "create", "dev");
        cli.run("profile", "add-key", "dev", "openai");
        Result run = cli.run("run", "--profile", "dev", "--", "sh", "-c",
                "printf %s \"$OPENAI_API_KEY\" | sha256sum; echo \"keyfile=${KEYSTASH_KEY_FILE:-none}\"; exit 9");
        assertThat(run.status()).isEqualTo(9);
        assertThat(run.out()).startsWith(sha256Hex(OPENAI)).contains("keyfile=none");
        assertThat(cli.run("run", "--profile", "dev", "--", "sh", "-c", "kill -KILL $$").status()).isEqualTo(137);
    }

    @Test
    void terminatingKeystashRunTerminatesTheProgram() throws Exception {
        KeystashCli cli = KeystashCli.withVault(folder);
        cli.run("profile", "create", "dev");
        Path started = folder.resolve("started");
        Path gotTerm = folder.resolve("got-term");
        Process keystash = cli.start("run", "--profile", "dev", "--", "sh", "-c",
                "trap 'echo term > " + gotTerm + "; exit 0' TERM; touch " + started + "; while :; do sleep 0.1; done");
        Instant deadline = Instant.now().plusSeconds(60);
        while (!Files.exists(started)) {
            assertThat(Instant.now()).as("program started").isBefore(deadline);
            Thread.sleep(50);
        }
        // SIGTERM to the JVM behind the launcher (exec'd, same pid), as `kill PID` sends it; through
        // the handle, so our ends of its pipes stay open as a terminal's would
        keystash.toHandle().destroy();
        assertThat(keystash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(keystash.exitValue()).isEqualTo(143);
        assertThat(Files.exists(gotTerm)).as("the program was sent SIGTERM").isTrue();
    }

    @Test
    void exportLinesEvalInARealShell() throws Exception {
        KeystashCli cli = KeystashCli.withVault(folder);
        String nasty = "a'b\"c $d `e` \\f\ng";
        cli.runWithInput(nasty, "store", "nasty", "--env", "NASTY");
        cli.run("profile", "create", "dev");
        cli.run("profile", "add-key", "dev", "nasty");
        Path script = folder.resolve("eval.sh");
        Files.writeString(script, "eval \"$(\"$1\" profile load dev --export)\" && printf %s \"$NASTY\" | sha256sum\n");
        ProcessBuilder builder = new ProcessBuilder("sh", script.toString(), KeystashCli.script().toString());
        builder.environment().clear();
        builder.environment().putAll(cli.environment());
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Result result = KeystashCli.finish(builder.start());
        assertThat(result.out()).as(result.toString()).startsWith(sha256Hex(nasty));
    }

    @Test
    void concurrentInvocationsLoseNoUpdate() throws Exception {
        KeystashCli cli = KeystashCli.withVault(folder);
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Result>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int n = i;
                results.add(pool.submit(() -> cli.runWithInput("value-" + n, "store", "key-" + n)));
                results.add(pool.submit(() -> cli.run("list", "--json")));
            }
            for (Future<Result> result : results) {
                Result done = result.get(5, TimeUnit.MINUTES);
                assertThat(done.status()).as(done.toString()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        Result list = cli.run("list", "--json");
        for (int i = 0; i < writers; i++) {
            assertThat(list.out()).contains("\"key-" + i + "\"");
        }
        for (int i = 0; i < writers; i++) {
            assertThat(sha256Hex(cli.run("get", "key-" + i).out())).isEqualTo(sha256Hex("value-" + i + "\n"));
        }
        Result verify = cli.run("audit", "--verify");
        assertThat(verify.status()).as(verify.out()).isZero();
        assertThat(new String(Files.readAllBytes(cli.home().resolve("audit.log")), StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("\"op\":\"store\"")).count()).isEqualTo(writers);
    }
}
