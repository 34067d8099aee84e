package io.keystash.it.session;

import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A vault with a passphrase (PBKDF2, so each unlock costs a fraction of a second), one key and a
 * profile, made with the real CLI in a folder of its own, and the unlock sessions a test starts
 * there, which {@link #endSessions()} ends (they are detached processes and would outlive the test).
 * {@code XDG_RUNTIME_DIR} is a folder of the test's, so nothing of the user's is touched.
 */
final class SessionFixture {
    static final String PASSPHRASE = "it-session-passphrase-🔑-0123";
    static final String VALUE = "sk-itsession0123456789abcdefghijklmn";
    static final String PROFILE = "dev";
    private static final Pattern PID = Pattern.compile("session process (\\d+)");

    final KeystashCli cli;
    final Path passphraseFile;
    final Path runtime;
    private final List<Long> pids = new ArrayList<>();

    private SessionFixture(KeystashCli cli, Path passphraseFile, Path runtime) {
        this.cli = cli;
        this.passphraseFile = passphraseFile;
        this.runtime = runtime;
    }

    static SessionFixture create(Path folder) {
        try {
            KeystashCli cli = new KeystashCli(folder);
            Path runtime = Files.createDirectories(folder.resolve("runtime"));
            Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
            cli.env("XDG_RUNTIME_DIR", runtime.toString());
            Path passphraseFile = folder.resolve("passphrase");
            Files.writeString(passphraseFile, PASSPHRASE + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(passphraseFile, PosixFilePermissions.fromString("rw-------"));
            String pf = passphraseFile.toString();
            require(cli.run("--passphrase-file", pf, "init", "--kdf", "pbkdf2"), "init");
            require(cli.runWithInput(VALUE, "--passphrase-file", pf, "store", "openai", "--provider", "openai"), "store");
            require(cli.run("--passphrase-file", pf, "profile", "create", PROFILE), "profile create");
            require(cli.run("--passphrase-file", pf, "profile", "add-key", PROFILE, "openai"), "profile add-key");
            return new SessionFixture(cli, passphraseFile, runtime);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result require(Result result, String what) {
        assertThat(result.status()).as("%s: %s", what, result).isZero();
        return result;
    }

    /** The session's folder (under the test's XDG_RUNTIME_DIR). */
    Path sessionFolder() {
        return runtime.resolve("keystash");
    }

    /** The one socket in the session folder, if any. */
    Optional<Path> socket() {
        return filesEndingIn(".sock");
    }

    Optional<Path> logFile() {
        return filesEndingIn(".log");
    }

    Optional<Path> lockFile() {
        return filesEndingIn(".lock");
    }

    private Optional<Path> filesEndingIn(String suffix) {
        if (!Files.isDirectory(sessionFolder())) {
            return Optional.empty();
        }
        try (var files = Files.list(sessionFolder())) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code keystash unlock ARGS} with the passphrase file, as a person would run it once. */
    Result unlock(String... args) {
        List<String> command = new ArrayList<>(List.of("--passphrase-file", passphraseFile.toString(), "unlock"));
        command.addAll(List.of(args));
        Result result = cli.run(command.toArray(String[]::new));
        if (result.status() == 0) {
            pids.add(sessionPid());
        }
        return result;
    }

    /** The running session's process id, from {@code unlock --status}. */
    long sessionPid() {
        Result status = require(cli.run("unlock", "--status"), "unlock --status");
        Matcher matcher = PID.matcher(status.out());
        assertThat(matcher.find()).as("a pid in: %s", status.out()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    /** Waits until the process is gone (up to {@code limit}); true when it is. */
    static boolean awaitGone(long pid, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                return true;
            }
            Thread.sleep(25);
        }
        return false;
    }

    /** Locks, then kills whatever session process a test started and left running. */
    void endSessions() {
        cli.run("lock");
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
