package io.keystash.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a real JVM: a JDK, JVM options (an agent, say), a class path, a main class and its
 * arguments, and an environment that starts from this JVM's less every {@code KEYSTASH_*} and
 * unlock variable, so the machine running the tests cannot leak into them.
 */
public final class JavaLaunch {
    private static final List<String> SCRUBBED = List.of("API_KEY_MASTER", "API_KEY_MASTER_FILE",
            "KEYSTASH_KEY_FILE", "KEYSTASH_IDENTITY", "KEYSTASH_PASSPHRASE_COMMAND", "KEYSTASH_HOME", "KEYSTASH_VAULT",
            "KEYSTASH_PROFILE", "XDG_RUNTIME_DIR", "JAVA_TOOL_OPTIONS",
            "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private final Jdk jdk;
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> classPath = new ArrayList<>();
    private final List<String> arguments = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String mainClass;
    private Duration timeout = Duration.ofSeconds(90);

    private JavaLaunch(Jdk jdk) {
        this.jdk = jdk;
    }

    public static JavaLaunch on(Jdk jdk) {
        Jdks.assumePresent(jdk);
        return new JavaLaunch(jdk);
    }

    /** {@code -javaagent:JAR[=OPTIONS]}; empty or null options give the bare flag. */
    public JavaLaunch agent(Path jar, String options) {
        jvmOptions.add("-javaagent:" + jar + (options == null || options.isEmpty() ? "" : "=" + options));
        return this;
    }

    public JavaLaunch jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    public JavaLaunch classPath(String... entries) {
        classPath.addAll(List.of(entries));
        return this;
    }

    public JavaLaunch classPath(List<String> entries) {
        classPath.addAll(entries);
        return this;
    }

    public JavaLaunch main(Class<?> type, String... args) {
        return main(type.getName(), args);
    }

    /** A main class this JVM need not load (one of another module's class path). */
    public JavaLaunch main(String className, String... args) {
        mainClass = className;
        arguments.addAll(List.of(args));
        return this;
    }

    public JavaLaunch env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public JavaLaunch timeout(Duration limit) {
        timeout = limit;
        return this;
    }

    /** The command line (never holds a secret: values go through the environment or files). */
    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(jdk.java().toString());
        command.addAll(jvmOptions);
        if (!classPath.isEmpty()) {
            command.add("-cp");
            command.add(String.join(java.io.File.pathSeparator, classPath));
        }
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }

    private ProcessBuilder builder() {
        ProcessBuilder builder = new ProcessBuilder(command());
        Map<String, String> env = builder.environment();
        env.keySet().removeAll(SCRUBBED);
        env.putAll(environment);
        return builder;
    }

    /** Runs to the end; stdout and stderr go through temporary files (no pipe can fill up). */
    public ProcessResult run() {
        try {
            Path out = Files.createTempFile("keystash-it-", ".out");
            Path err = Files.createTempFile("keystash-it-", ".err");
            try {
                Process process = builder().redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.PIPE).start();
                process.getOutputStream().close();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError("timed out after " + timeout + ": " + mainClass + " on " + jdk);
                }
                return new ProcessResult(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Starts the program and waits until it prints a line equal to {@code readyLine} on stdout;
     * the caller inspects it (its /proc files, say), then {@link RunningProgram#finish()}es it.
     */
    public RunningProgram startAndAwait(String readyLine) {
        try {
            Path err = Files.createTempFile("keystash-it-", ".err");
            Process process = builder().redirectError(err.toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder before = new StringBuilder();
            long deadline = System.nanoTime() + timeout.toNanos();
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals(readyLine)) {
                    return new RunningProgram(process, out, before, err);
                }
                before.append(line).append('\n');
                if (System.nanoTime() > deadline) {
                    break;
                }
            }
            process.destroyForcibly().waitFor();
            String stderr = Files.readString(err);
            Files.deleteIfExists(err);
            throw new AssertionError(mainClass + " on " + jdk + " ended before '" + readyLine + "', exit "
                    + process.exitValue() + ", stderr lines " + stderr.lines().count());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * A started program that announced it is ready; closing its stdin tells it to finish. Its
     * stdout is read by a thread of its own from then on, so a test can wait for a line
     * ({@link #awaitLine}) and talk to it ({@link #send}) meanwhile.
     */
    public static final class RunningProgram {
        private final Process process;
        private final StringBuilder stdout;
        private final Path err;
        private final java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        private final Thread pump;

        private RunningProgram(Process process, BufferedReader out, StringBuilder stdout, Path err) {
            this.process = process;
            this.stdout = stdout;
            this.err = err;
            this.pump = new Thread(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        synchronized (stdout) {
                            stdout.append(line).append('\n');
                        }
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the program is gone
                }
            }, "program-stdout");
            pump.setDaemon(true);
            pump.start();
        }

        public long pid() {
            return process.pid();
        }

        /** Writes {@code line} and a newline to its stdin. */
        public void send(String line) {
            try {
                process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
                process.getOutputStream().flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * The next line of stdout that starts with {@code prefix} (lines before it are skipped),
         * waiting at most {@code timeout}; fails the test if none comes.
         */
        public String awaitLine(String prefix, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (true) {
                    long left = deadline - System.nanoTime();
                    String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
                    if (line == null) {
                        throw new AssertionError("no line starting with '" + prefix + "' within " + timeout
                                + (process.isAlive() ? "" : " (the program ended with status " + process.exitValue() + ")"));
                    }
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        /** Closes its stdin, collects the rest of its output and its status. */
        public ProcessResult finish() {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
                pump.join(10_000);
                String stderr = Files.readString(err, StandardCharsets.UTF_8);
                Files.deleteIfExists(err);
                String out;
                synchronized (stdout) {
                    out = stdout.toString();
                }
                return new ProcessResult(process.exitValue(), out, stderr);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        /** Its stderr so far (the agent's lines). */
        public String stderrSoFar() {
            try {
                return Files.readString(err, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
