package io.keystash.bench.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code keystash rotate} on the same machine → the new value in a running JVM under the agent
 * (key file unlock, {@code reload=on}), over N rotations, one every 300 ms. Per rotation:
 * <ul>
 *   <li>from the vault's new file (its last-modified time, set by the write before its fsync and
 *       rename) to the program's first read of the new value (it polls every millisecond);</li>
 *   <li>from the start of the {@code keystash rotate} command to that read (what a user sees);</li>
 *   <li>the agent's own reload, as {@code verbose=true} reports it (read, unlock, resolve, swap).</li>
 * </ul>
 * Usage: {@code RotationLatency LAUNCHER AGENT_JAR JAVA ROTATIONS} (benchmarks/live/rotation.sh).
 * Everything lives in a temporary folder; values are made up.
 */
public final class RotationLatency {
    private static final Pattern RELOADED = Pattern.compile("reloaded profile .* in ([0-9.]+) ms");

    private RotationLatency() {
    }

    public static void main(String[] args) throws Exception {
        Path launcher = Path.of(args[0]).toAbsolutePath();
        Path agent = Path.of(args[1]).toAbsolutePath();
        String java = args[2];
        int rotations = Integer.parseInt(args[3]);
        Path work = Files.createTempDirectory("keystash-rotation-latency");
        Path home = Files.createDirectory(work.resolve("home"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path keyFile = work.resolve("app.key");
        Map<String, String> env = Map.of("KEYSTASH_HOME", home.toString(), "KEYSTASH_KEY_FILE", keyFile.toString(),
                "JAVA_HOME", Path.of(java).getParent().getParent().toString(), "PATH", System.getenv("PATH"));
        cli(launcher, env, null, "--key-file", keyFile.toString(), "init");
        cli(launcher, env, "bench-value-0", "store", "bench-key", "--env", "BENCH_KEY");
        cli(launcher, env, null, "profile", "create", "bench");
        cli(launcher, env, null, "profile", "add-key", "bench", "bench-key");

        String benchJar = Path.of(RotationLatency.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-javaagent:" + agent + "=profile=bench,keyfile=" + keyFile
                + ",verbose=true", "-cp", benchJar, PollingProgram.class.getName(), "BENCH_KEY");
        builder.environment().putAll(Map.of("KEYSTASH_HOME", home.toString()));
        Process program = builder.start();
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        List<Double> reloads = Collections.synchronizedList(new ArrayList<>());
        pump(program.getInputStream(), seen, null);
        pump(program.getErrorStream(), null, reloads);
        await(seen, "ready");
        await(seen, "seen " + "bench-value-0".hashCode());

        List<Long> fromWrite = new ArrayList<>();
        List<Long> fromCommand = new ArrayList<>();
        List<Long> command = new ArrayList<>();
        for (int i = 1; i <= rotations; i++) {
            String value = "bench-value-" + i + "-" + System.nanoTime();
            long start = micros(Instant.now());
            cli(launcher, env, value, "rotate", "bench-key");
            long end = micros(Instant.now());
            long written = micros(Files.getLastModifiedTime(home.resolve("vault")).toInstant());
            String line = await(seen, "seen " + value.hashCode() + " ");
            long read = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            fromWrite.add(read - written);
            fromCommand.add(read - start);
            command.add(end - start);
            Thread.sleep(300);
        }
        try (OutputStream in = program.getOutputStream()) {
            in.flush();
        }
        program.waitFor(30, TimeUnit.SECONDS);
        System.out.printf(Locale.ROOT, "%n%d rotations, JDK %s, load average %s%n%n", rotations, versionOf(java),
                Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println("| interval | p50 ms | p90 ms | p99 ms | max ms |");
        System.out.println("| --- | --- | --- | --- | --- |");
        row("vault file written → new value read in the JVM", fromWrite);
        row("keystash rotate started → new value read in the JVM", fromCommand);
        row("keystash rotate, the whole command (for comparison)", command);
        List<Long> reloadMicros = new ArrayList<>();
        for (double ms : reloads) {
            reloadMicros.add((long) (ms * 1000));
        }
        row("the agent's reload (verbose=true: read, unlock, resolve, swap)", reloadMicros);
        deleteTree(work);
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static void cli(Path launcher, Map<String, String> env, String stdin, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keystash " + String.join(" ", args) + " failed: " + process.exitValue());
        }
    }

    private static void pump(java.io.InputStream stream, BlockingQueue<String> lines, List<Double> reloads) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (lines != null) {
                        lines.add(line);
                    } else {
                        Matcher m = RELOADED.matcher(line);
                        if (m.find()) {
                            reloads.add(Double.parseDouble(m.group(1)));
                        }
                    }
                }
            } catch (IOException e) {
                // the program ended
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    private static String await(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IllegalStateException("the program never printed " + prefix);
    }

    private static void row(String label, List<Long> micros) {
        if (micros.isEmpty()) {
            return;
        }
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |%n", label, percentile(sorted, 0.50),
                percentile(sorted, 0.90), percentile(sorted, 0.99), sorted.get(sorted.size() - 1) / 1000.0);
    }

    /** Linear interpolation between closest ranks, in milliseconds. */
    private static double percentile(List<Long> sorted, double q) {
        double position = q * (sorted.size() - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(low + 1, sorted.size() - 1);
        return (sorted.get(low) + (sorted.get(high) - sorted.get(low)) * (position - low)) / 1000.0;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The version in the {@code release} file of the JDK whose {@code bin/java} this is (the program's JDK, not this one's). */
    private static String versionOf(String java) throws IOException {
        Path release = Path.of(java).toAbsolutePath().getParent().getParent().resolve("release");
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith("JAVA_RUNTIME_VERSION=") || line.startsWith("JAVA_VERSION=")) {
                return line.substring(line.indexOf('=') + 1).replace("\"", "");
            }
        }
        return java;
    }
}
