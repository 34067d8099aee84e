package io.keystash.it.reliability;

import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import io.keystash.it.support.ProcessResult;
import io.keystash.vault.Secret;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultStore;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A vault of 10,000 keys × 10 versions and 1,000 profiles, built through vault-core in-process,
 * then opened, written and served by the real launcher and the real agent. Times are recorded in
 * the summary beside those of a 10-key vault, not asserted (no timed assertions; the performance
 * budgets are measured by the benchmarks); only a generous timeout guards against a hang.
 */
class ResourceLimitsIT {
    private static final int KEYS = 10_000;
    private static final int VERSIONS = 10;
    private static final int PROFILES = 1_000;
    private static final int BINDINGS_PER_PROFILE = 20;
    private static final int RUNS = 2;

    @TempDir
    Path folder;

    @Test
    void aLargeVaultOpensWritesAndServes() throws Exception {
        KeystashCli large = KeystashCli.withVault(folder.resolve("large"));
        KeystashCli small = KeystashCli.withVault(folder.resolve("small"));
        long started = System.nanoTime();
        fill(large, KEYS, VERSIONS, PROFILES);
        long buildMillis = millisSince(started);
        fill(small, 10, 1, 1);
        long size = Files.size(large.vaultFile());

        List<String> figures = new ArrayList<>();
        for (KeystashCli cli : List.of(small, large)) {
            String label = cli == small ? "10 keys" : KEYS + " keys × " + VERSIONS + " versions, " + PROFILES + " profiles";
            String key = cli == small ? "k5" : "k5000";
            long get = best(() -> {
                KeystashCli.Result result = cli.run("get", key);
                assertThat(result.status()).as(result.toString()).isZero();
                assertThat(result.out()).isEqualTo("value-" + key.substring(1) + "-" + (cli == small ? 1 : VERSIONS) + "\n");
                return null;
            });
            int[] counter = {0};
            long store = best(() -> {
                KeystashCli.Result result = cli.runWithInput("new-value", "store", "new" + counter[0]++);
                assertThat(result.status()).as(result.toString()).isZero();
                return null;
            });
            long force = best(() -> {
                KeystashCli.Result result = cli.runWithInput("forced-value", "store", key, "--force");
                assertThat(result.status()).as(result.toString()).isZero();
                return null;
            });
            long list = best(() -> {
                KeystashCli.Result result = cli.run("list", "--json");
                assertThat(result.status()).as(result.toString()).isZero();
                return null;
            });
            long agent = best(() -> {
                ProcessResult result = agentRun(cli, cli == small ? "p0" : "p500");
                assertThat(result.exitCode()).as(result.toString()).isZero();
                return null;
            });
            long bare = best(() -> {
                assertThat(JavaLaunch.on(jdk()).classPath(Artifacts.testClasses()).main(io.keystash.it.agent.programs.MainRan.class)
                        .run().exitCode()).isZero();
                return null;
            });
            figures.add(label + ": get " + get + " ms, store (new key) " + store + " ms, store --force " + force + " ms, list --json "
                    + list + " ms, agent start (20-key profile, key file) " + agent + " ms vs the same JVM without agent " + bare + " ms");
        }
        assertThat(large.run("audit", "--verify").status()).isZero();
        for (String figure : figures) {
            Summary.note("resource limits (best of " + RUNS + ", wall time of whole processes incl. JVM start, 2 shared cores): " + figure);
        }
        Summary.passed("resource limits", KEYS + " keys × " + VERSIONS + " versions + " + PROFILES + " profiles of "
                        + BINDINGS_PER_PROFILE + " bindings (" + size / (1024 * 1024) + " MiB vault, built in-process in "
                        + buildMillis + " ms): CLI get, store, store --force, list --json; agent start", 2L * 6 * RUNS,
                "all work on the large vault; times in the notes below");
    }

    private static Jdk jdk() {
        return Jdks.present().get(0);
    }

    private static ProcessResult agentRun(KeystashCli cli, String profile) {
        return JavaLaunch.on(jdk()).agent(Artifacts.agentJar(), "profile=" + profile + ",vault=" + cli.vaultFile()
                        + ",keyfile=" + cli.keyFile())
                .classPath(Artifacts.testClasses()).main(io.keystash.it.agent.programs.MainRan.class).run();
    }

    /** Keys k0.. with versions value-I-1..V, profiles p0.. binding 20 keys each. */
    private static void fill(KeystashCli cli, int keys, int versions, int profiles) throws Exception {
        VaultStore store = VaultStore.at(VaultPaths.of(cli.vaultFile()));
        KeyMetadata metadata = KeyMetadata.builder().provider("custom").build();
        try (KeyFileKey key = KeyFileKey.read(cli.keyFile())) {
            long started = System.nanoTime();
            long[] phases = new long[2];
            store.update(key, vault -> {
                for (int i = 0; i < keys; i++) {
                    vault.storeKey("k" + i, metadata, secret("value-" + i + "-1"), "it@test");
                    for (int v = 2; v <= versions; v++) {
                        vault.addVersion("k" + i, secret("value-" + i + "-" + v), "it@test", "store --force");
                    }
                }
                phases[0] = millisSince(started);
                for (int p = 0; p < profiles; p++) {
                    createProfile(vault, p, keys);
                }
                phases[1] = millisSince(started);
                return null;
            });
            if (keys == KEYS) {
                Summary.note("resource limits: building the large vault in one vault-core update took " + phases[0]
                        + " ms for the keys and versions, " + (phases[1] - phases[0]) + " ms for the profiles, "
                        + (millisSince(started) - phases[1]) + " ms to encode and write it");
            }
        }
    }

    private static void createProfile(Vault vault, int p, int keys) throws io.keystash.vault.VaultException {
        vault.createProfile("p" + p);
        for (int b = 0; b < Math.min(BINDINGS_PER_PROFILE, keys); b++) {
            int keyIndex = (p * BINDINGS_PER_PROFILE + b) % keys;
            vault.bind("p" + p, new Binding("k" + keyIndex, "VAR_" + b, null));
        }
    }

    private static Secret secret(String value) throws io.keystash.vault.VaultException {
        return Secret.ofUtf8(value.getBytes(StandardCharsets.UTF_8));
    }

    private static long best(Supplier<Void> run) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < RUNS; i++) {
            long started = System.nanoTime();
            run.get();
            best = Math.min(best, millisSince(started));
        }
        return best;
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
