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
 * Whole-JVM start-up of a tiny program (SPEC §7, issue 7), interleaved in random order per round:
 * <ul>
 *   <li>{@code plain}: the 20 variables in the real environment, no agent;</li>
 *   <li>{@code noop-agent}: the same with an agent whose premain does nothing (the floor);</li>
 *   <li>{@code keystash-keyfile}: the Keystash agent, key-file unlock, 20-key profile;</li>
 *   <li>{@code keystash-passphrase}: the same with a passphrase file and the default Argon2id
 *       parameters (reported separately: the KDF's cost on top).</li>
 * </ul>
 * Prints medians, quartiles, added time over {@code plain} and the ratio to the floor, per JDK.
 *
 * <p>Run: {@code agent/bench/startup.sh [rounds]} (builds first).
 */
public final class StartupBenchmark {
    private static final int KEYS = 20;

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path agentJar = Path.of(System.getProperty("keystash.agent.jar", "agent/target/keystash-agent.jar")).toAbsolutePath();
        Path work = Files.createTempDirectory("keystash-bench-");
        Path classes = Path.of(StartupBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path noopJar = noopAgentJar(work, classes);
        Map<String, String> values = makeVaults(work);

        System.out.printf(Locale.ROOT, "# start-up benchmark: %d rounds, interleaved, %d cores, %s%n", rounds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        for (Jdk jdk : Jdks.present()) {
            Map<String, List<String>> commands = new LinkedHashMap<>();
            String java = jdk.java().toString();
            String cp = classes.toString();
            String main = TinyProgram.class.getName();
            commands.put("plain", List.of(java, "-cp", cp, main));
            commands.put("noop-agent", List.of(java, "-javaagent:" + noopJar, "-cp", cp, main));
            commands.put("keystash-keyfile", List.of(java, "-javaagent:" + agentJar + "=profile=bench,vault="
                    + work.resolve("vault") + ",keyfile=" + work.resolve("app.key"), "-cp", cp, main));
            commands.put("keystash-passphrase", List.of(java, "-javaagent:" + agentJar + "=profile=bench,vault="
                    + work.resolve("pp.vault") + ",passphrase-file=" + work.resolve("passphrase"), "-cp", cp, main));
            Map<String, List<Double>> times = new LinkedHashMap<>();
            for (String name : commands.keySet()) {
                times.put(name, new ArrayList<>());
            }
            List<String> order = new ArrayList<>(commands.keySet());
            Random random = new Random(42);
            for (String name : order) {
                run(commands.get(name), name.startsWith("keystash") ? Map.of() : values); // warm the file cache
            }
            for (int round = 0; round < rounds; round++) {
                Collections.shuffle(order, random);
                for (String name : order) {
                    times.get(name).add(run(commands.get(name), name.startsWith("keystash") ? Map.of() : values));
                }
            }
            report(jdk, times);
        }
    }

    private static void report(Jdk jdk, Map<String, List<Double>> times) {
        double plain = median(times.get("plain"));
        double floor = median(times.get("noop-agent")) - plain;
        System.out.printf(Locale.ROOT, "%n## %s%n| launch | median ms | p25–p75 ms | added ms | × floor |%n| --- | --- | --- | --- | --- |%n", jdk);
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

    private static double run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        int status = process.waitFor();
        double millis = (System.nanoTime() - start) / 1e6;
        String text = new String(output, StandardCharsets.UTF_8).trim();
        if (status != 0 || !text.matches("\\d+")) {
            throw new IllegalStateException("launch failed (" + status + "): " + command.get(1) + " printed " + text.length() + " chars");
        }
        return millis;
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
