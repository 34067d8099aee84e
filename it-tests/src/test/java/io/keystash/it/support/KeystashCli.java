package io.keystash.it.support;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The real launcher {@code cli/target/keystash} as a process, in a clean environment of its own:
 * {@code KEYSTASH_HOME} and {@code HOME} in the test's folder, and a private temp folder given as
 * both {@code TMPDIR} and {@code -Djava.io.tmpdir} (so the leak test can search it). Every run is
 * kept in {@link #history()} with its command line, so a test can search all that was printed.
 * Output is captured; standard input comes from bytes or {@code /dev/null} (no terminal).
 */
public final class KeystashCli {
    public static final long TIMEOUT_SECONDS = 120;
    private static final ExecutorService DRAINS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "cli-drain");
        thread.setDaemon(true);
        return thread;
    });

    private final Path folder;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<Run> history = java.util.Collections.synchronizedList(new ArrayList<>());

    public KeystashCli(Path folder) {
        this.folder = folder;
        Path tmp = folder.resolve("tmp");
        try {
            Files.createDirectories(folder);
            if (!Files.isDirectory(tmp)) {
                Files.createDirectory(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("HOME", folder.toString());
        environment.put("KEYSTASH_HOME", home().toString());
        environment.put("LANG", "C.UTF-8");
        environment.put("TMPDIR", tmp.toString());
        environment.put("KEYSTASH_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
    }

    /** {@code cli/target/keystash}. */
    public static Path script() {
        return Artifacts.cliDir().resolve("keystash");
    }

    /** A CLI whose vault exists, unlocked by {@link #keyFile()} through KEYSTASH_KEY_FILE. */
    public static KeystashCli withVault(Path folder) {
        KeystashCli cli = new KeystashCli(folder);
        Result init = cli.run("--key-file", cli.keyFile().toString(), "init");
        if (init.status() != 0) {
            throw new AssertionError("init failed: " + init);
        }
        cli.env("KEYSTASH_KEY_FILE", cli.keyFile().toString());
        return cli;
    }

    public Path folder() {
        return folder;
    }

    public Path home() {
        return folder.resolve("home");
    }

    public Path tmp() {
        return folder.resolve("tmp");
    }

    public Path vaultFile() {
        return home().resolve("vault");
    }

    public Path keyFile() {
        return folder.resolve("app.key");
    }

    public KeystashCli env(String name, String value) {
        if (value == null) {
            environment.remove(name);
        } else {
            environment.put(name, value);
        }
        return this;
    }

    public Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    public List<Run> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** Standard input from /dev/null: no terminal, no input. */
    public Result run(String... args) {
        return run((byte[]) null, args);
    }

    public Result runWithInput(String stdin, String... args) {
        return run(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    public Result run(byte[] stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(script().toString());
        command.addAll(List.of(args));
        return execute(command, stdin);
    }

    /**
     * {@code sh -c SCRIPT} in this environment, with {@code $KEYSTASH} naming the launcher: for
     * pipelines (a generator process feeding standard input) and a chosen umask.
     */
    public Result shell(String script) {
        return execute(List.of("sh", "-c", script), null);
    }

    /**
     * {@code SHELL -c SCRIPT} in this environment with {@code stdin} piped in (null: /dev/null),
     * for scripts a user types, run verbatim by a real shell ({@code sh}, {@code bash}); {@code args}
     * are the script's {@code $1}, {@code $2}, … (so paths need no quoting in the script's text).
     */
    public Result shell(String shell, String script, byte[] stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(shell, "-c", script, shell));
        command.addAll(List.of(args));
        return execute(command, stdin);
    }

    /** Starts a command with {@code stdin} written and closed; the caller waits for (or kills) it. */
    public Process startWithInput(byte[] stdin, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(script().toString());
        command.addAll(List.of(args));
        Process process = builder(command, false).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        }
        return process;
    }

    public Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(script().toString());
        command.addAll(List.of(args));
        return builder(command, true).start();
    }

    private ProcessBuilder builder(List<String> command, boolean devNullInput) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().put("KEYSTASH", script().toString());
        builder.directory(folder.toFile());
        if (devNullInput) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        return builder;
    }

    private Result execute(List<String> command, byte[] stdin) {
        try {
            Process process = builder(command, stdin == null).start();
            if (stdin != null) {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException e) {
                    // the command may stop reading early (a refused value): what it read is what counts
                }
            }
            Result result = finish(process);
            history.add(new Run(List.copyOf(command), result));
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Result finish(Process process) {
        CompletableFuture<byte[]> out = drain(process.getInputStream());
        CompletableFuture<byte[]> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("keystash did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), new String(out.get(), StandardCharsets.UTF_8),
                    new String(err.get(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (stream) {
                stream.transferTo(bytes);
            } catch (IOException e) {
                // what was read so far
            }
            return bytes.toByteArray();
        }, DRAINS);
    }

    /** One finished command and what it printed. */
    public record Run(List<String> command, Result result) {
        /** The subcommand words (no options), e.g. {@code profile load}. */
        public String subcommand() {
            StringBuilder words = new StringBuilder();
            for (String word : command.subList(1, command.size())) {
                if (word.startsWith("-")) {
                    break;
                }
                words.append(words.length() == 0 ? "" : " ").append(word);
            }
            return words.toString();
        }
    }

    /** What a run did. toString shows the status and stderr only: stdout may hold a secret. */
    public record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "Result[status=" + status + ", err=" + err.strip() + "]";
        }
    }
}
