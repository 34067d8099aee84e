package io.keystash.bench;

import io.keystash.vault.Secret;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.profile.ResolvedProfile;
import io.keystash.vault.rotation.MetadataEdit;
import io.keystash.vault.rotation.Rotator;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How vault operations grow with the number of keys (the budget: a 10,000-key × 5-version vault
 * must open and serve a 20-key profile within 100 ms of a 10-key one; store/get/rotate within 1.5×).
 * The 100,000-key vault (88 MB) takes about a minute to build per benchmark method; pick sizes with
 * JMH's {@code -p keys=10,1000,10000}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VaultScalingBenchmark {
    private static final int VERSIONS = 5;
    private static final int PROFILE_KEYS = 20;

    @Param({"10", "1000", "10000", "100000"})
    public int keys;

    private Path dir;
    private VaultStore store;
    private KeyFileKey key;
    private Rotator rotator;
    private int counter;

    @Setup(Level.Trial)
    public void createVault() throws Exception {
        dir = Files.createTempDirectory("keystash-bench");
        store = VaultStore.at(VaultPaths.of(dir.resolve("vault")));
        key = KeyFileKey.generate();
        store.create(key, null);
        store.update(key, vault -> {
            vault.createProfile("prod");
            for (int i = 0; i < keys; i++) {
                String name = "key-" + i;
                vault.storeKey(name, KeyMetadata.builder().provider("custom").build(), value(name, 1), "bench");
                for (int v = 2; v <= VERSIONS; v++) {
                    vault.addVersion(name, value(name, v), "bench", "rotate");
                }
                if (i < PROFILE_KEYS) {
                    vault.bind("prod", new Binding(name, "KEY_" + i, null));
                }
            }
            return null;
        });
        rotator = new Rotator(store, Clock.systemUTC(), List.of());
    }

    private static Secret value(String name, int version) throws VaultException {
        return Secret.ofUtf8(("sk-bench-" + name + "-v" + version + "-0123456789abcdef").getBytes(StandardCharsets.UTF_8));
    }

    @TearDown(Level.Trial)
    public void deleteVault() throws IOException {
        key.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** What the agent does at start: open with a key file and resolve a 20-key profile. */
    @Benchmark
    public ResolvedProfile openAndResolveProfile() throws VaultException {
        try (Vault vault = store.open(key)) {
            return vault.resolveProfile("prod");
        }
    }

    /** {@code keystash get}: open and read one value. */
    @Benchmark
    public int getOneValue() throws VaultException {
        try (Vault vault = store.open(key); Secret value = vault.value("key-7")) {
            return value.byteLength();
        }
    }

    /** A new version under the lock, written atomically: the vault work of {@code store --force}. */
    @Benchmark
    public int addVersion() throws VaultException {
        int n = counter++;
        return store.update(key, vault -> vault.addVersion("key-3", value("key-3", 100 + n), "bench", "rotate")).number();
    }

    /** {@code keystash store NEW}: a new key, so the catalog of names changes too. */
    @Benchmark
    public int storeNewKey() throws VaultException {
        String name = "new-" + counter++;
        return store.update(key, vault -> vault.storeKey(name, KeyMetadata.builder().provider("custom").build(),
                value(name, 1), "bench")).current().number();
    }

    /**
     * A rekey ({@code member remove}, {@code keyfile remove}, {@code passwd}): a new data key, every
     * record opened and sealed again, every slot re-wrapped, one atomic write. The budget: under 2 s
     * at 10,000 keys × 5 versions.
     */
    @Benchmark
    public long rekey() throws VaultException {
        return store.update(key, vault -> {
            vault.requestRekey();
            return vault.generation();
        });
    }

    /** {@code keystash rotate NAME}'s vault work: backup, new version, expiry, audit line. */
    @Benchmark
    public int rotate() throws VaultException {
        int n = counter++;
        return rotator.rotate(key, "key-3", value("key-3", 1_000 + n), MetadataEdit.NONE).toVersion();
    }
}
