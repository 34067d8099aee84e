package io.keystash.it.agent.bench;

import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import io.keystash.vault.Secret;
import io.keystash.vault.VaultStore;
import io.keystash.vault.crypto.Argon2idParams;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.Passphrase;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Whole-JVM start-up of a tiny program (the agent's start-up budget, benchmarks/README.md),
 * interleaved in random order per round:
 * <ul>
 *   <li>{@code plain}: the 20 variables in the real environment, no agent;</li>
 *   <li>{@code noop-agent}: the same with an agent whose premain does nothing (the floor);</li>
 *   <li>{@code keystash-keyfile-warm}: the Keystash agent, key-file unlock, 20-key profile, its
 *       rewritten classes in the cache (every start after the first on a JDK);</li>
 *   <li>{@code keystash-keyfile-cold}: the same with an empty cache before every run, so ASM
 *       rewrites and the cache file is written (the first start on a JDK);</li>
 *   <li>{@code keystash-passphrase}: warm, with a passphrase file and the default Argon2id
 *       parameters (reported separately: the KDF's cost on top);</li>
 *   <li>{@code baseline}: with {@code -Dkeystash.bench.baseline.jar=JAR}, another agent build with
 *       the key-file options (an earlier version, to compare in the same run).</li>
 * </ul>
 * Every Keystash launch gets its own {@code KEYSTASH_HOME} in a temporary folder. Prints the load
 * average, then per JDK, for wall time and for CPU time (user + system of all the JVM's threads,
 * from bash's {@code times}; steadier than wall time when other work shares the machine):
 * medians, quartiles, added time over {@code plain} and the ratio to the floor.
 *
 * <p>Run: {@code agent/bench/startup.sh [rounds]} (builds first).
 */
public final class StartupBenchmark {
    private static final int KEYS = 20;
    private static final List<String> SCRUBBED = List.of("API_KEY_MASTER", "API_KEY_MASTER_FILE", "KEYSTASH_KEY_FILE",
            "KEYSTASH_HOME", "KEYSTASH_VAULT", "KEYSTASH_PROFILE", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");
    private static final FileAttribute<?> OWNER_ONLY = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------"));

    private StartupBenchmark() {
    }

    /** One kind of launch: its command, its extra environment, and what to do before each run. */
    private record Launch(List<String> command, Map<String, String> environment, Path emptiedBeforeEachRun) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path agentJar = Path.of(System.getProperty("keystash.agent.jar", "agent/target/keystash-agent.jar")).toAbsolutePath();
        String baselineJar = System.getProperty("keystash.bench.baseline.jar");
        Path work = Files.createTempDirectory("keystash-bench-");
        Path classes = Path.of(StartupBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path noopJar = noopAgentJar(work, classes);
        Map<String, String> values = makeVaults(work);

        System.out.printf(Locale.ROOT, "# start-up benchmark: %d rounds, interleaved, %d cores, %s, load average %s%n", rounds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                loadAverage());
        for (Jdk jdk : Jdks.present()) {
            String java = jdk.java().toString();
            String cp = classes.toString();
            String main = TinyProgram.class.getName();
            String keyFileOptions = "=profile=bench,vault=" + work.resolve("vault") + ",keyfile=" + work.resolve("app.key");
            Path warmHome = Files.createDirectory(work.resolve("home-warm-" + jdk.major()), OWNER_ONLY);
            Path coldHome = Files.createDirectory(work.resolve("home-cold-" + jdk.major()), OWNER_ONLY);
            Map<String, Launch> launches = new LinkedHashMap<>();
            launches.put("plain", new Launch(List.of(java, "-cp", cp, main), values, null));
            launches.put("noop-agent", new Launch(List.of(java, "-javaagent:" + noopJar, "-cp", cp, main), values, null));
            launches.put("keystash-keyfile-warm", new Launch(List.of(java, "-javaagent:" + agentJar + keyFileOptions,
                    "-cp", cp, main), Map.of("KEYSTASH_HOME", warmHome.toString()), null));
            launches.put("keystash-keyfile-cold", new Launch(List.of(java, "-javaagent:" + agentJar + keyFileOptions,
                    "-cp", cp, main), Map.of("KEYSTASH_HOME", coldHome.toString()), coldHome.resolve("cache")));
            launches.put("keystash-passphrase", new Launch(List.of(java, "-javaagent:" + agentJar + "=profile=bench,vault="
                    + work.resolve("pp.vault") + ",passphrase-file=" + work.resolve("passphrase"), "-cp", cp, main),
                    Map.of("KEYSTASH_HOME", warmHome.toString()), null));
            if (baselineJar != null) {
                launches.put("baseline", new Launch(List.of(java, "-javaagent:" + Path.of(baselineJar).toAbsolutePath()
                        + keyFileOptions, "-cp", cp, main), Map.of("KEYSTASH_HOME", warmHome.toString()), null));
            }
            Map<String, List<Double>> times = new LinkedHashMap<>();
            Map<String, List<Double>> cpuTimes = new LinkedHashMap<>();
            for (String name : launches.keySet()) {
                times.put(name, new ArrayList<>());
                cpuTimes.put(name, new ArrayList<>());
            }
            List<String> order = new ArrayList<>(launches.keySet());
            Random random = new Random(42);
            for (String name : order) {
                run(launches.get(name)); // warm the file cache, fill the warm home's class cache
            }
            for (int round = 0; round < rounds; round++) {
                Collections.shuffle(order, random);
                for (String name : order) {
                    double[] measured = run(launches.get(name));
                    times.get(name).add(measured[0]);
                    cpuTimes.get(name).add(measured[1]);
                }
            }
            report(jdk + ", wall time", times);
            report(jdk + ", CPU time (user + system, all threads: less sensitive to a loaded machine)", cpuTimes);
        }
        System.out.printf(Locale.ROOT, "%n# load average at the end: %s%n", loadAverage());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void report(String title, Map<String, List<Double>> times) {
        double plain = median(times.get("plain"));
        double floor = median(times.get("noop-agent")) - plain;
        System.out.printf(Locale.ROOT, "%n## %s%n| launch | median ms | p25–p75 ms | added ms | × floor |%n| --- | --- | --- | --- | --- |%n", title);
        for (Map.Entry<String, List<Double>> entry : times.entrySet()) {
            List<Double> sorted = new ArrayList<>(entry.getValue());
            Collections.sort(sorted);
            double median = median(sorted);
            double added = median - plain;
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f–%.0f | %s | %s |%n", entry.getKey(), median,
                    quantile(sorted, 0.25), quantile(sorted, 0.75),
                    entry.getKey().equals("plain") ? "—" : String.format(Locale.ROOT, "%+.0f", added),
                    entry.getKey().equals("plain") || entry.getKey().equals("noop-agent") ? "—"
                            : String.format(Locale.ROOT, "%.2f", added / floor));
        }
    }

    /**
     * Runs one launch through {@code bash}, whose {@code times} reports the CPU time of the JVM (all
     * its threads) after it ends; returns {wall ms, CPU ms}.
     */
    private static double[] run(Launch launch) throws IOException, InterruptedException {
        if (launch.emptiedBeforeEachRun() != null) {
            deleteTree(launch.emptiedBeforeEachRun());
        }
        List<String> command = new ArrayList<>(List.of("bash", "-c", "\"$@\"; status=$?; times >&2; exit $status", "bash"));
        command.addAll(launch.command());
        Path err = Files.createTempFile("keystash-bench-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
        builder.environment().keySet().removeAll(SCRUBBED);
        builder.environment().putAll(launch.environment());
        long start = System.nanoTime();
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        int status = process.waitFor();
        double millis = (System.nanoTime() - start) / 1e6;
        List<String> errLines = Files.readAllLines(err, StandardCharsets.UTF_8);
        Files.delete(err);
        String text = new String(output, StandardCharsets.UTF_8).trim();
        if (status != 0 || !text.matches("\\d+") || errLines.size() != 2) {
            throw new IllegalStateException("launch failed (" + status + "): " + launch.command().get(1) + " printed "
                    + text.length() + " chars and " + errLines.size() + " lines on stderr");
        }
        return new double[] {millis, childrenCpuMillis(errLines.get(1))};
    }

    /** The children's line of bash's {@code times}: {@code 0m0.312s 0m0.058s} (user, system). */
    private static double childrenCpuMillis(String line) {
        double total = 0;
        for (String part : line.trim().split("\\s+")) {
            int m = part.indexOf('m');
            total += Integer.parseInt(part.substring(0, m)) * 60_000.0
                    + Double.parseDouble(part.substring(m + 1, part.length() - 1)) * 1000.0;
        }
        return total;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Collections.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static Map<String, String> makeVaults(Path work) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < KEYS; i++) {
            values.put("VAR_" + i, "bench-value-" + i + "-" + Long.toHexString(new Random().nextLong()));
        }
        try (KeyFileKey key = KeyFileKey.generate()) {
            key.writeNew(work.resolve("app.key"));
            VaultStore store = VaultStore.at(VaultPaths.of(work.resolve("vault")));
            store.create(key, null);
            store.update(key, vault -> fill(vault, values));
        }
        Files.writeString(work.resolve("passphrase"), "bench passphrase\n");
        VaultStore store = VaultStore.at(VaultPaths.of(work.resolve("pp.vault")));
        store.create(new Passphrase("bench passphrase".toCharArray(), "bench"), Argon2idParams.RECOMMENDED);
        store.update(new Passphrase("bench passphrase".toCharArray(), "bench"), vault -> fill(vault, values));
        return values;
    }

    private static Object fill(io.keystash.vault.Vault vault, Map<String, String> values) throws io.keystash.vault.VaultException {
        vault.createProfile("bench");
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String key = entry.getKey().toLowerCase(Locale.ROOT).replace('_', '-');
            vault.storeKey(key, KeyMetadata.builder().provider("custom").build(),
                    Secret.ofUtf8(entry.getValue().getBytes(StandardCharsets.UTF_8)), "bench");
            vault.bind("bench", new Binding(key, entry.getKey(), null));
        }
        return null;
    }

    private static Path noopAgentJar(Path work, Path classes) throws IOException {
        Path jar = work.resolve("noop-agent.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", NoopAgent.class.getName());
        String entry = NoopAgent.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry(entry));
            jarOut.write(Files.readAllBytes(classes.resolve(entry)));
            jarOut.closeEntry();
        }
        return jar;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return quantile(sorted, 0.5);
    }

    private static double quantile(List<Double> sorted, double q) {
        double position = q * (sorted.size() - 1);
        int low = (int) Math.floor(position);
        int high = (int) Math.ceil(position);
        return sorted.get(low) + (sorted.get(high) - sorted.get(low)) * (position - low);
    }
}
