package io.keystash.it.reliability;

import io.keystash.it.support.KeystashCli;
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
import io.keystash.vault.model.KeyVersion;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final int ROTATING_PROCESSES = 3;
    private static final int ROTATIONS_PER_PROCESS = 2;
    private static final int DUE_COMMAND_SECONDS = 2;
    private static final Pattern ROTATED_TO = Pattern.compile("rotated from version \\d+ to (\\d+)");

    @TempDir
    Path folder;

    @Test
    void processesAndThreadsTogetherLoseNothingAndReadersSeeWholeVaults() throws Exception {
        KeystashCli cli = KeystashCli.withVault(folder);
        assertThat(cli.runWithInput("shared-initial", "store", "shared").status()).isZero();
        for (int w = 0; w < WRITER_PROCESSES; w++) {
            assertThat(cli.runWithInput("doomed-" + w, "store", "doomed-" + w).status()).isZero();
        }
        VaultStore store = VaultStore.at(VaultPaths.of(cli.vaultFile()));
        ExecutorService pool = Executors.newFixedThreadPool(WRITER_PROCESSES + READER_PROCESSES + THREADS);
        List<Future<List<KeystashCli.Result>>> processes = new ArrayList<>();
        List<Future<Integer>> threads = new ArrayList<>();
        try {
            for (int w = 0; w < WRITER_PROCESSES; w++) {
                int writer = w;
                processes.add(pool.submit(() -> {
                    List<KeystashCli.Result> results = new ArrayList<>();
                    for (int i = 0; i < STORES_PER_WRITER; i++) {
                        results.add(cli.runWithInput("value-" + writer + "-" + i, "store", "w" + writer + "-" + i));
                    }
                    results.add(cli.run("delete", "doomed-" + writer, "--yes"));
                    return results;
                }));
            }
            for (int r = 0; r < READER_PROCESSES; r++) {
                processes.add(pool.submit(() -> {
                    List<KeystashCli.Result> results = new ArrayList<>();
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
            for (Future<List<KeystashCli.Result>> process : processes) {
                for (KeystashCli.Result result : process.get(4, TimeUnit.MINUTES)) {
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
            KeystashCli.Result verify = cli.run("audit", "--verify");
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

    /**
     * Rotation from several processes at once: manual {@code rotate} of one key from three
     * processes, manual rotations of a due key while two {@code rotate --due} runs start together,
     * a writer storing other keys and a reader. Every rotation that returned is a version, numbers
     * run without gaps or duplicates, each due key is rotated once (the overlapping {@code --due}
     * run is refused with exit 6, as documented), and every backup opens.
     */
    @Test
    void rotationsFromManyProcessesLoseNothingAndNumberVersionsWithoutGaps() throws Exception {
        KeystashCli cli = KeystashCli.withVault(folder);
        assertThat(cli.runWithInput("hot-initial", "store", "hot", "--keep", "1000").status()).isZero();
        // the provider sleeps, so the first --due run still holds its lock when the second one asks for it
        String command = "sleep " + DUE_COMMAND_SECONDS + "; echo \"provided-$KEYSTASH_KEY-$$\"";
        for (String due : List.of("auto-1", "auto-2")) {
            KeystashCli.Result stored = cli.runWithInput(due + "-initial", "store", due, "--keep", "1000", "--expires-in", "1d",
                    "--rotate-command", command);
            assertThat(stored.status()).as(stored.toString()).isZero();
        }
        ExecutorService pool = Executors.newFixedThreadPool(2 + ROTATING_PROCESSES + 3);
        List<Future<List<KeystashCli.Result>>> dueRuns = new ArrayList<>();
        List<Future<List<KeystashCli.Result>>> manual = new ArrayList<>();
        List<Future<List<KeystashCli.Result>>> others = new ArrayList<>();
        try {
            for (int d = 0; d < 2; d++) {
                dueRuns.add(pool.submit(() -> List.of(cli.run("rotate", "--due", "--json"))));
            }
            for (int p = 0; p < ROTATING_PROCESSES; p++) {
                int process = p;
                manual.add(pool.submit(() -> {
                    List<KeystashCli.Result> results = new ArrayList<>();
                    for (int i = 0; i < ROTATIONS_PER_PROCESS; i++) {
                        results.add(cli.runWithInput("hot-" + process + "-" + i, "rotate", "hot"));
                    }
                    return results;
                }));
            }
            manual.add(pool.submit(() -> {
                List<KeystashCli.Result> results = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    results.add(cli.runWithInput("auto-1-manual-" + i, "rotate", "auto-1"));
                }
                return results;
            }));
            others.add(pool.submit(() -> {
                List<KeystashCli.Result> results = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    results.add(cli.runWithInput("other-" + i, "store", "other-" + i));
                }
                return results;
            }));
            others.add(pool.submit(() -> {
                List<KeystashCli.Result> results = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    results.add(cli.run("get", "hot"));
                }
                results.add(cli.run("history", "hot", "--json"));
                return results;
            }));

            List<Integer> returnedVersions = new ArrayList<>();
            int manualRotations = 0;
            for (Future<List<KeystashCli.Result>> process : manual) {
                for (KeystashCli.Result result : process.get(4, TimeUnit.MINUTES)) {
                    assertThat(result.status()).as(result.toString()).isZero();
                    Matcher to = ROTATED_TO.matcher(result.err());
                    assertThat(to.find()).as("rotate says which version it made: %s", result).isTrue();
                    if (result.err().contains("'hot'")) {
                        returnedVersions.add(Integer.parseInt(to.group(1)));
                    }
                    manualRotations++;
                }
            }
            int reads = 0;
            for (Future<List<KeystashCli.Result>> process : others) {
                for (KeystashCli.Result result : process.get(4, TimeUnit.MINUTES)) {
                    assertThat(result.status()).as(result.toString()).isZero();
                    if (result.out().startsWith("hot-")) {
                        assertThat(result.out()).as("a whole value").matches("hot-(initial|\\d+-\\d+)\n");
                        reads++;
                    }
                }
            }
            List<Integer> dueStatuses = new ArrayList<>();
            KeystashCli.Result winner = null;
            for (Future<List<KeystashCli.Result>> run : dueRuns) {
                KeystashCli.Result result = run.get(4, TimeUnit.MINUTES).get(0);
                dueStatuses.add(result.status());
                if (result.status() == 0) {
                    winner = result;
                } else {
                    assertThat(result.status()).as("the overlapping --due run: %s", result).isEqualTo(6);
                    assertThat(result.err()).startsWith("keystash: another rotate --due is running on this vault");
                    assertThat(result.err().lines().count()).isEqualTo(1);
                }
            }
            assertThat(dueStatuses).as("one --due run rotates, the overlapping one is refused").containsExactlyInAnyOrder(0, 6);
            JsonNode dueResults = new ObjectMapper().readTree(winner.out());
            Set<String> rotatedByDue = new HashSet<>();
            for (JsonNode result : dueResults) {
                assertThat(result.get("outcome").asText()).as("due result for %s", result.get("key").asText()).isEqualTo("rotated");
                rotatedByDue.add(result.get("key").asText());
            }
            assertThat(rotatedByDue).as("auto-2 is due throughout (auto-1 stops being due once rotated by hand)").contains("auto-2");

            assertThat(returnedVersions).as("each returned rotation made its own version").doesNotHaveDuplicates()
                    .hasSize(ROTATING_PROCESSES * ROTATIONS_PER_PROCESS);
            VaultStore store = VaultStore.at(VaultPaths.of(cli.vaultFile()));
            try (KeyFileKey key = KeyFileKey.read(cli.keyFile()); Vault vault = store.open(key)) {
                List<String> hot = versionValues(vault, "hot");
                assertThat(hot).as("hot: the first value and every rotation, once each")
                        .hasSize(1 + ROTATING_PROCESSES * ROTATIONS_PER_PROCESS).doesNotHaveDuplicates()
                        .contains("hot-initial", "hot-0-0", "hot-" + (ROTATING_PROCESSES - 1) + "-" + (ROTATIONS_PER_PROCESS - 1));
                assertThat(returnedVersions).as("the versions the rotations reported").containsExactlyInAnyOrderElementsOf(
                        java.util.stream.IntStream.rangeClosed(2, hot.size()).boxed().toList());
                List<String> auto1 = versionValues(vault, "auto-1");
                assertThat(auto1).as("auto-1: its first value, both manual rotations, and the --due rotation if it ran")
                        .hasSize(3 + (rotatedByDue.contains("auto-1") ? 1 : 0)).doesNotHaveDuplicates()
                        .contains("auto-1-initial", "auto-1-manual-0", "auto-1-manual-1");
                List<String> auto2 = versionValues(vault, "auto-2");
                assertThat(auto2).as("auto-2 rotated exactly once by the provider").hasSize(2);
                assertThat(auto2.get(1)).startsWith("provided-auto-2-");
                for (int i = 0; i < 3; i++) {
                    assertThat(vault.findKey("other-" + i)).as("a store during the rotations").isPresent();
                }
            }
            int rotations = manualRotations + rotatedByDue.size();
            List<Path> backups;
            try (var files = Files.list(cli.home().resolve("backups"))) {
                backups = files.filter(f -> f.getFileName().toString().endsWith(".bak")).toList();
            }
            assertThat(backups).as("a backup per rotation (newest 20 kept)").hasSize(Math.min(20, rotations));
            try (KeyFileKey key = KeyFileKey.read(cli.keyFile())) {
                for (Path backup : backups) {
                    store.open(Files.readAllBytes(backup), key).close();
                }
            }
            KeystashCli.Result verify = cli.run("audit", "--verify");
            assertThat(verify.status()).as("audit chain intact").isZero();
            KeystashCli.Result again = cli.run("rotate", "--due", "--json");
            assertThat(again.status()).as(again.toString()).isZero();
            Summary.passed("concurrency", ROTATING_PROCESSES + " CLI processes `rotate` one key (×" + ROTATIONS_PER_PROCESS
                            + "), `rotate` by hand of a due key (×2) while two `rotate --due` runs start together, a writer (store ×3) "
                            + "and a reader (get ×4, history), all at once", rotations + 2 + 3 + 5L,
                    rotations + " rotations all present, versions numbered without gap or duplicate, each due key rotated once "
                            + "(the overlapping --due run exit 6), " + reads + " reads whole, " + backups.size()
                            + " backups open, audit chain intact");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every kept version's value, oldest first; fails when numbers skip or repeat. */
    private static List<String> versionValues(Vault vault, String name) throws Exception {
        List<String> values = new ArrayList<>();
        int expected = 1;
        for (KeyVersion version : vault.key(name).versions()) {
            assertThat(version.number()).as("%s: version numbers without gaps", name).isEqualTo(expected++);
            try (Secret value = vault.value(name, version.number())) {
                values.add(value.reveal());
            }
        }
        return values;
    }

    @Test
    void theAgentStartingWhileTheVaultIsRewrittenSeesAWholeVault() throws Exception {
        KeystashCli cli = KeystashCli.withVault(folder);
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
                    KeystashCli.Result result = cli.runWithInput("v-" + i, "store", "shared", "--force");
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
        KeystashCli cli = KeystashCli.withVault(folder);
        assertThat(cli.runWithInput("v1", "store", "k").status()).isZero();
        byte[] before = Files.readAllBytes(cli.vaultFile());
        KeystashCli.Result store;
        KeystashCli.Result get;
        long started;
        long waited;
        try (VaultLock held = VaultLock.acquire(cli.home().resolve("vault.lock"), Duration.ofSeconds(5))) {
            started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<KeystashCli.Result> storing = pool.submit(() -> cli.runWithInput("v2", "store", "k2"));
                Future<KeystashCli.Result> getting = pool.submit(() -> cli.run("get", "k"));
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
