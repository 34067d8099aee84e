package io.keystash.bench;

import io.keystash.vault.Secret;
import io.keystash.vault.VaultStore;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs {@link GetenvBenchmark} twice — plain, then in a JVM forked with {@code -javaagent:} the
 * built agent jar serving a 20-key profile — and prints each call's cost side by side with the
 * ratio. The plain run reads {@code KEYSTASH_BENCH_VALUE}, which the caller puts in the real
 * environment ({@code benchmarks/jmh/getenv.sh} does); the agent run reads
 * {@code KEYSTASH_BENCH_SERVED}, which only the agent serves. The agent jar is
 * {@code -Dkeystash.agent.jar=PATH} (default {@code agent/target/keystash-agent.jar}).
 */
public final class GetenvComparison {
    private static final String PLAIN_VARIABLE = "KEYSTASH_BENCH_VALUE";
    private static final String SERVED_VARIABLE = "KEYSTASH_BENCH_SERVED";

    private GetenvComparison() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getenv(PLAIN_VARIABLE) == null) {
            throw new IllegalStateException("put " + PLAIN_VARIABLE + " in the environment (benchmarks/jmh/getenv.sh does)");
        }
        Path agentJar = Path.of(System.getProperty("keystash.agent.jar", "agent/target/keystash-agent.jar")).toAbsolutePath();
        if (!Files.isRegularFile(agentJar)) {
            throw new IllegalStateException("no agent jar at " + agentJar + "; build first: ./mvnw -q -DskipTests package");
        }
        Path work = Files.createTempDirectory("keystash-getenv-bench");
        Path vault = work.resolve("vault");
        Path keyFile = work.resolve("app.key");
        try (KeyFileKey key = KeyFileKey.generate()) {
            key.writeNew(keyFile);
            VaultStore store = VaultStore.at(VaultPaths.of(vault));
            store.create(key, null);
            store.update(key, v -> {
                v.createProfile("bench");
                for (int i = 0; i < 20; i++) {
                    String name = "bench-key-" + i;
                    v.storeKey(name, KeyMetadata.builder().provider("custom").build(),
                            Secret.ofUtf8(("bench-value-" + i + "-0123456789abcdef").getBytes(StandardCharsets.UTF_8)), "benchmark");
                    v.bind("bench", new Binding(name, i == 0 ? SERVED_VARIABLE : "KEYSTASH_BENCH_" + i, null));
                }
                return null;
            });
        }
        Map<String, Double> plain = run(new OptionsBuilder().include(GetenvBenchmark.class.getName())
                .jvmArgsAppend("-Dkeystash.bench.variable=" + PLAIN_VARIABLE).build());
        Map<String, Double> agent = run(new OptionsBuilder().include(GetenvBenchmark.class.getName())
                .jvmArgsAppend("-javaagent:" + agentJar + "=profile=bench,vault=" + vault + ",keyfile=" + keyFile,
                        "-Dkeystash.bench.variable=" + SERVED_VARIABLE).build());
        System.out.printf(Locale.ROOT, "%n| call | plain ns/op | with the agent ns/op | ratio |%n| --- | --- | --- | --- |%n");
        for (Map.Entry<String, Double> entry : plain.entrySet()) {
            Double withAgent = agent.get(entry.getKey());
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.2f× |%n", entry.getKey(), entry.getValue(), withAgent,
                    withAgent / entry.getValue());
        }
        try (var paths = Files.walk(work)) { // the vault, its key file, lock, audit log and state
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static Map<String, Double> run(Options options) throws Exception {
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Double> scores = new TreeMap<>();
        for (RunResult result : results) {
            String label = result.getParams().getBenchmark();
            scores.put(label.substring(label.lastIndexOf('.') + 1), result.getPrimaryResult().getScore());
        }
        return scores;
    }
}
