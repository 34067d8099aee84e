package io.keystash.cli.startup;

import io.keystash.cli.CliContext;
import io.keystash.cli.Keystash;
import io.keystash.cli.terminal.SystemTerminal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
            run(null, "--help");
        } finally {
            delete(work);
        }
        Files.writeString(stamp, System.getProperty("java.runtime.version") + "\n", StandardCharsets.UTF_8);
    }

    /** Runs one command line in this JVM; its status does not matter, only the classes it loads. */
    private static void run(String stdin, String... args) {
        InputStream in = new ByteArrayInputStream(stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8));
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Keystash.run(new CliContext(in, discard, discard, SystemTerminal.detect(), Map.of(), System.getProperty("user.home")),
                args);
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
