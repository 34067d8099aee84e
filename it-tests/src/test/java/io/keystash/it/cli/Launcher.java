package io.keystash.it.cli;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built launcher {@code cli/target/keystash} as a process, the way a user or script
 * does: a clean environment (PATH, JAVA_HOME, HOME, KEYSTASH_HOME in a temp folder), standard
 * input from bytes or {@code /dev/null} (no terminal), output captured.
 */
final class Launcher {
    static final long TIMEOUT_SECONDS = 120;
    /** One thread per stream: the common pool has a single thread on a 2-core machine. */
    private static final ExecutorService DRAINS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "launcher-drain");
        thread.setDaemon(true);
        return thread;
    });

    private final Path home;
    private final Map<String, String> environment = new HashMap<>();

    Launcher(Path folder) {
        this.home = folder.resolve("home");
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("HOME", folder.toString());
        environment.put("KEYSTASH_HOME", home.toString());
        environment.put("LANG", "C.UTF-8");
    }

    /** The checkout's root: it-tests runs with its own folder as working directory. */
    static Path checkout() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("cli")) ? here : here.getParent();
    }

    /** {@code cli/target/keystash}; the build passes the folder as {@code keystash.cli.dir}. */
    static Path script() {
        String fromBuild = System.getProperty("keystash.cli.dir");
        Path folder = fromBuild != null ? Path.of(fromBuild) : checkout().resolve("cli/target");
        return folder.resolve("keystash").toAbsolutePath().normalize();
    }

    /** A launcher whose vault exists, unlocked by {@code keyFile()} through KEYSTASH_KEY_FILE. */
    static Launcher withVault(Path folder) {
        Launcher launcher = new Launcher(folder);
        Result init = launcher.run("--key-file", launcher.keyFile().toString(), "init");
        if (init.status() != 0) {
            throw new IllegalStateException("init failed: " + init);
        }
        launcher.env("KEYSTASH_KEY_FILE", launcher.keyFile().toString());
        return launcher;
    }

    Path home() {
        return home;
    }

    Path vaultFile() {
        return home.resolve("vault");
    }

    Path keyFile() {
        return home.getParent().resolve("app.key");
    }

    Launcher env(String name, String value) {
        if (value == null) {
            environment.remove(name);
        } else {
            environment.put(name, value);
        }
        return this;
    }

    Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(script().toString());
        command.addAll(List.of(args));
        return command;
    }

    /** Standard input from /dev/null: no terminal and no input. */
    Result run(String... args) {
        return run((byte[]) null, args);
    }

    Result runWithInput(String stdin, String... args) {
        return run(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    Result run(byte[] stdin, String... args) {
        try {
            Process process = start(stdin == null, args);
            if (stdin != null) {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException e) {
                    // the command may exit before reading everything (e.g. a refused value)
                }
            }
            return finish(process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Process start(boolean devNullInput, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        builder.environment().clear();
        builder.environment().putAll(environment);
        if (devNullInput) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        return builder.start();
    }

    static Result finish(Process process) {
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
            throw new AssertionError("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
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

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a run did. toString shows status and stderr only: stdout may hold a secret. */
    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "Result[status=" + status + ", err=" + err.strip() + "]";
        }
    }
}
