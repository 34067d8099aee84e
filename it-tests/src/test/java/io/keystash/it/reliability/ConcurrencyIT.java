package io.keystash.it.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.Hashes;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.Jdks;
import io.keystash.it.support.ProcessResult;
import io.keystash.vault.Secret;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultStore;
import io.keystash.vault.storage.VaultLock;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several CLI processes writing, deleting and reading one vault at once, while threads of this JVM
 * write it through vault-core: no update is lost, no reader sees a half-written vault, and a lock
 * held too long gives exit 6 "vault is busy", never a hang.
 */
class ConcurrencyIT {
    private static final int WRITER_PROCESSES = 4;
    private static final int STORES_PER_WRITER = 3;
    private static final int READER_PROCESSES = 2;
    private static final int READS_PER_READER = 4;
    private static final int THREADS = 4;
    private static final int VERSIONS_PER_THREAD = 5;
    private static final int AGENT_WRITES = 8;

    @TempDir
    Path folder;

    @Test
    void processesAndThreadsTogetherLoseNothingAndReadersSeeWholeVaults() throws Exception {
        Cli cli = Cli.withVault(folder);
        assertThat(cli.runWithInput("shared-initial", "store", "shared").status()).isZero();
        for (int w = 0; w < WRITER_PROCESSES; w++) {
            assertThat(cli.runWithInput("doomed-" + w, "store", "doomed-" + w).status()).isZero();
        }
        VaultStore store = VaultStore.at(VaultPaths.of(cli.vaultFile()));
        ExecutorService pool = Executors.newFixedThreadPool(WRITER_PROCESSES + READER_PROCESSES + THREADS);
        List<Future<List<Cli.Result>>> processes = new ArrayList<>();
        List<Future<Integer>> threads = new ArrayList<>();
        try {
            for (int w = 0; w < WRITER_PROCESSES; w++) {
                int writer = w;
                processes.add(pool.submit(() -> {
                    List<Cli.Result> results = new ArrayList<>();
                    for (int i = 0; i < STORES_PER_WRITER; i++) {
                        results.add(cli.runWithInput("value-" + writer + "-" + i, "store", "w" + writer + "-" + i));
                    }
                    results.add(cli.run("delete", "doomed-" + writer, "--yes"));
                    return results;
                }));
            }
            for (int r = 0; r < READER_PROCESSES; r++) {
                processes.add(pool.submit(() -> {
                    List<Cli.Result> results = new ArrayList<>();
                    for (int i = 0; i < READS_PER_READER; i++) {
                        results.add(cli.run(i % 2 == 0 ? new String[] {"get", "shared"} : new String[] {"list", "--json"}));
                    }
                    return results;
                }));
            }
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                threads.add(pool.submit((Callable<Integer>) () -> {
                    try (KeyFileKey key = KeyFileKey.read(cli.keyFile())) {
                        for (int i = 0; i < VERSIONS_PER_THREAD; i++) {
                            String value = "shared-" + thread + "-" + i;
                            store.update(key, vault -> vault.addVersion("shared",
                                    Secret.ofUtf8(value.getBytes(StandardCharsets.UTF_8)), "thread", "store --force"));
                        }
                    }
                    return VERSIONS_PER_THREAD;
                }));
            }
            int reads = 0;
            int writes = 0;
            ObjectMapper json = new ObjectMapper();
            for (Future<List<Cli.Result>> process : processes) {
                for (Cli.Result result : process.get(4, TimeUnit.MINUTES)) {
                    assertThat(result.status()).as(result.toString()).isZero();
                    if (result.out().startsWith("[") || result.out().startsWith("{")) {
                        JsonNode listed = json.readTree(result.out());
                        assertThat(listed.toString()).as("a whole listing").contains("\"shared\"");
                        reads++;
                    } else if (result.out().startsWith("shared-")) {
                        assertThat(result.out()).as("a whole value").matches("shared-(initial|\\d+-\\d+)\n");
                        reads++;
                    } else {
                        writes++;
                    }
                }
            }
            int threadWrites = 0;
            for (Future<Integer> thread : threads) {
                threadWrites += thread.get(4, TimeUnit.MINUTES);
            }
            try (KeyFileKey key = KeyFileKey.read(cli.keyFile()); Vault vault = store.open(key)) {
                for (int w = 0; w < WRITER_PROCESSES; w++) {
                    for (int i = 0; i < STORES_PER_WRITER; i++) {
                        try (Secret value = vault.value("w" + w + "-" + i)) {
                            assertThat(value.reveal()).isEqualTo("value-" + w + "-" + i);
                        }
                    }
                    assertThat(vault.findKey("doomed-" + w)).as("deleted").isEmpty();
                }
                assertThat(vault.key("shared").current().number()).as("every thread's version counted")
                        .isEqualTo(1 + THREADS * VERSIONS_PER_THREAD);
            }
            Cli.Result verify = cli.run("audit", "--verify");
            assertThat(verify.status()).as("audit chain intact after concurrent appends").isZero();
            Summary.passed("concurrency", WRITER_PROCESSES + " CLI processes (store ×" + STORES_PER_WRITER + ", delete) + "
                            + READER_PROCESSES + " reading (get, list --json) + " + THREADS + " threads of one JVM (vault-core "
                            + "update ×" + VERSIONS_PER_THREAD + "), all at once", writes + reads + threadWrites,
                    writes + " process writes and " + threadWrites + " thread writes all present, " + reads
                            + " reads all whole (valid JSON, a complete value), audit chain intact");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theAgentStartingWhileTheVaultIsRewrittenSeesAWholeVault() throws Exception {
        Cli cli = Cli.withVault(folder);
        assertThat(cli.runWithInput("v-0", "store", "shared", "--env", "SHARED").status()).isZero();
        assertThat(cli.run("profile", "create", "dev").status()).isZero();
        assertThat(cli.run("profile", "add-key", "dev", "shared").status()).isZero();
        Set<String> valid = new HashSet<>();
        for (int i = 0; i <= AGENT_WRITES; i++) {
            valid.add(Hashes.of("v-" + i));
        }
        ExecutorService pool = Executors.newSingleThreadExecutor();
        int starts = 0;
        try {
            Future<Integer> writer = pool.submit(() -> {
                for (int i = 1; i <= AGENT_WRITES; i++) {
                    Cli.Result result = cli.runWithInput("v-" + i, "store", "shared", "--force");
                    assertThat(result.status()).as(result.toString()).isZero();
                }
                return AGENT_WRITES;
            });
            while (!writer.isDone() || starts < 3) {
                ProcessResult run = JavaLaunch.on(Jdks.present().get(0))
                        .agent(Artifacts.agentJar(), "profile=dev,vault=" + cli.vaultFile()
                                + ",keyfile=" + cli.keyFile())
                        .classPath(Artifacts.testClasses()).main(ValueProbeMain.class, "SHARED").run();
                assertThat(run.exitCode()).as("agent start %d during writes: %s", starts, run).isZero();
                assertThat(valid).as("agent start %d saw a value that was stored", starts).contains(run.report().get("SHARED"));
                starts++;
            }
            writer.get(2, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        Summary.passed("concurrency", "agent starting (reads without the lock) while `store --force` rewrites the vault "
                + AGENT_WRITES + " times", starts, "every start exit 0 with one of the stored values, never a damaged vault");
    }

    @Test
    void aLockHeldLongerThanTheWaitGivesExit6VaultIsBusy() throws Exception {
        Cli cli = Cli.withVault(folder);
        assertThat(cli.runWithInput("v1", "store", "k").status()).isZero();
        byte[] before = Files.readAllBytes(cli.vaultFile());
        Cli.Result store;
        Cli.Result get;
        long started;
        long waited;
        try (VaultLock held = VaultLock.acquire(cli.home().resolve("vault.lock"), Duration.ofSeconds(5))) {
            started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Cli.Result> storing = pool.submit(() -> cli.runWithInput("v2", "store", "k2"));
                Future<Cli.Result> getting = pool.submit(() -> cli.run("get", "k"));
                store = storing.get(2, TimeUnit.MINUTES);
                waited = (System.nanoTime() - started) / 1_000_000;
                get = getting.get(2, TimeUnit.MINUTES);
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(store.status()).as(store.toString()).isEqualTo(6);
        assertThat(store.err()).startsWith("keystash: vault is busy");
        assertThat(store.err().lines().count()).isEqualTo(1);
        assertThat(Files.readAllBytes(cli.vaultFile())).as("nothing written").isEqualTo(before);
        // get reads without the lock but appends its audit line under it
        assertThat(get.status()).as(get.toString()).isIn(0, 6);
        if (get.status() == 6) {
            assertThat(get.out()).as("no value printed when the audit line could not be written").isEmpty();
        } else {
            assertThat(get.out()).isEqualTo("v1\n");
        }
        assertThat(cli.runWithInput("v2", "store", "k2").status()).as("works once the lock is free").isZero();
        Summary.passed("concurrency", "write lock held by another process beyond the 10 s wait: store, and get at the same time", 3,
                "store exit 6 'vault is busy' after " + waited + " ms, vault unchanged; get "
                        + (get.status() == 6 ? "exit 6 too (it appends its audit line under the lock), nothing printed"
                        : "exit 0 with the whole value") + "; store works once the lock is free");
    }
}
