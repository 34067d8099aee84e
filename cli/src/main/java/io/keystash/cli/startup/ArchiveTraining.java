package io.keystash.cli.startup;

import io.keystash.cli.CliContext;
import io.keystash.cli.Keystash;
import io.keystash.cli.terminal.SystemTerminal;
import io.keystash.vault.VaultException;
import io.keystash.vault.session.SessionKeys;
import io.keystash.vault.session.SessionPlace;
import io.keystash.vault.session.SessionServer;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The build's training run for the launcher's class-data-sharing archive (see the launcher and
 * {@code cli/pom.xml}): runs the everyday commands once, in one JVM started with
 * {@code -XX:ArchiveClassesAtExit}, on a throwaway vault unlocked by a throwaway key file, so the
 * archive holds the classes those commands load. Output is discarded; nothing outside the given
 * folder is touched. On success it writes the JDK's runtime version to the stamp file, which the
 * launcher compares with the running JDK's before using the archive.
 *
 * <p>Usage: {@code ArchiveTraining WORK_FOLDER STAMP_FILE} (the folder must not exist).
 */
public final class ArchiveTraining {
    private static final String VALUE = "sk-training-0123456789abcdefghijklmnop";

    private ArchiveTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Path.of(args[0]);
        Path stamp = Path.of(args[1]);
        Files.deleteIfExists(stamp);
        Files.createDirectories(work);
        try {
            String vault = work.resolve("vault").toString();
            String key = work.resolve("training.key").toString();
            run(null, "--vault", vault, "init", "--key-file", key);
            run(VALUE, "--vault", vault, "--key-file", key, "store", "openai", "--provider", "openai");
            run(VALUE, "--vault", vault, "--key-file", key, "store", "custom-key");
            run(null, "--vault", vault, "--key-file", key, "get", "openai");
            run(null, "--vault", vault, "--key-file", key, "list");
            run(null, "--vault", vault, "--key-file", key, "profile", "create", "dev");
            run(null, "--vault", vault, "--key-file", key, "profile", "add-key", "dev", "openai");
            run(null, "--vault", vault, "--key-file", key, "profile", "load", "dev", "--export");
            run(null, "--vault", vault, "--key-file", key, "get", "no-such-key");
            getThroughASession(work, vault, key);
            run(null, "--help");
        } finally {
            delete(work);
        }
        Files.writeString(stamp, System.getProperty("java.runtime.version") + "\n", StandardCharsets.UTF_8);
    }

    /** Runs one command line in this JVM; its status does not matter, only the classes it loads. */
    private static void run(String stdin, String... args) {
        runWith(Map.of(), stdin, args);
    }

    private static void runWith(Map<String, String> environment, String stdin, String... args) {
        InputStream in = new ByteArrayInputStream(stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8));
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Keystash.run(new CliContext(in, discard, discard, SystemTerminal.detect(), environment, System.getProperty("user.home")),
                args);
    }

    /**
     * {@code get} through an unlock session, served by a session on a thread of this JVM (under the
     * work folder's home): the client's classes, the JDK's Unix socket classes among them.
     */
    private static void getThroughASession(Path work, String vault, String key) {
        Path home = work.resolve("home");
        VaultPaths paths = VaultPaths.of(Path.of(vault), home);
        try (KeyFileKey keyFile = KeyFileKey.read(Path.of(key))) {
            SessionKeys.Prepared prepared = SessionKeys.prepare(paths, keyFile, Clock.systemUTC());
            SessionServer server = SessionServer.bind(SessionPlace.of(paths, Map.of()), prepared.key(), prepared.vaultId(),
                    new SessionServer.Limits(Duration.ofMinutes(5), null), Duration.ZERO, Clock.systemUTC());
            Thread serving = new Thread(server::serve, "training-session");
            serving.start();
            try {
                runWith(Map.of(VaultPaths.HOME_VARIABLE, home.toString()), null, "--vault", vault, "get", "openai");
            } finally {
                server.end("training over");
                serving.join(10_000);
            }
        } catch (VaultException e) {
            // no session here (a file system without Unix sockets): the archive goes without those classes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
