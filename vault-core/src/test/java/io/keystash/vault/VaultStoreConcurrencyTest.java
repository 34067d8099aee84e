package io.keystash.vault;

import io.keystash.vault.storage.VaultLock;
import io.keystash.vault.unlock.KeyFileKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Concurrent writers, in threads and in separate JVMs: no update is lost, and lock waits are bounded. */
class VaultStoreConcurrencyTest {
    private static final int THREADS = 8;
    private static final int KEYS_PER_THREAD = 5;
    private static final int PROCESSES = 4;
    private static final int KEYS_PER_PROCESS = 5;

    @TempDir
    Path dir;

    private List<String> storedNames(VaultStore store) throws VaultException {
        try (KeyFileKey key = TestVaults.keyFile(dir); Vault vault = store.open(key)) {
            for (String name : vault.keyNames()) {
                try (Secret value = vault.value(name); Secret want = TestVaults.secret("value of " + name)) {
                    assertThat(value.sameValueAs(want)).as("value of %s", name).isTrue();
                }
            }
            return vault.keyNames();
        }
    }

    private static List<String> expectedNames(String prefix, int writers, int perWriter) {
        List<String> names = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            for (int i = 0; i < perWriter; i++) {
                names.add(prefix + w + "-" + i);
            }
        }
        return names;
    }

    @Test
    void threadsStoringDifferentKeysLoseNothing() throws Exception {
        VaultStore store = TestVaults.keyFileVault(dir).withLockWait(Duration.ofSeconds(60));
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String prefix = "thread" + t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < KEYS_PER_THREAD; i++) {
                        String name = prefix + "-" + i;
                        try (KeyFileKey key = TestVaults.keyFile(dir)) {
                            store.update(key, vault -> vault.storeKey(name, TestVaults.custom(), TestVaults.secret("value of " + name), "t"));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(storedNames(store)).containsExactlyInAnyOrderElementsOf(expectedNames("thread", THREADS, KEYS_PER_THREAD));
    }

    private static Process launch(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        command.add(ConcurrentWriterMain.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitFile(Path file, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file)) {
            if (!process.isAlive()) {
                throw new AssertionError("child exited " + process.exitValue() + ": " + Files.readString(log));
            }
            assertThat(System.nanoTime()).as("waiting for %s", file).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void separateProcessesStoringDifferentKeysLoseNothing() throws Exception {
        VaultStore store = TestVaults.keyFileVault(dir);
        Path start = dir.resolve("start");
        List<Process> processes = new ArrayList<>();
        try {
            for (int p = 0; p < PROCESSES; p++) {
                Path log = dir.resolve("proc" + p + ".log");
                Path ready = dir.resolve("ready" + p);
                Process process = launch(log, "store", dir.resolve("vault").toString(), dir.resolve("app.key").toString(),
                        "proc" + p, String.valueOf(KEYS_PER_PROCESS), ready.toString(), start.toString());
                processes.add(process);
            }
            for (int p = 0; p < PROCESSES; p++) {
                awaitFile(dir.resolve("ready" + p), processes.get(p), dir.resolve("proc" + p + ".log"));
            }
            Files.createFile(start);
            for (int p = 0; p < PROCESSES; p++) {
                Process process = processes.get(p);
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("process %d finished", p).isTrue();
                assertThat(process.exitValue()).as("process %d: %s", p, Files.readString(dir.resolve("proc" + p + ".log"))).isZero();
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
        assertThat(storedNames(store)).containsExactlyInAnyOrderElementsOf(expectedNames("proc", PROCESSES, KEYS_PER_PROCESS));
    }

    @Test
    void aLockHeldByAnotherThreadMakesWritersWaitThenGiveUpAsBusy() throws Exception {
        Path lockFile = dir.resolve("vault.lock");
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (VaultLock held = VaultLock.acquire(lockFile, Duration.ofSeconds(1))) {
            long started = System.nanoTime();
            Future<?> attempt = other.submit(() -> {
                VaultLock.acquire(lockFile, Duration.ofMillis(200)).close();
                return null;
            });
            assertThatThrownBy(() -> attempt.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.BUSY))
                    .hasMessageContaining("busy");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            try (VaultLock again = VaultLock.acquire(lockFile, Duration.ofMillis(10))) {
                assertThat(again).as("the holder may take it again").isNotNull();
            }
        } finally {
            other.shutdownNow();
        }
        ExecutorService later = Executors.newSingleThreadExecutor();
        try {
            later.submit(() -> {
                VaultLock.acquire(lockFile, Duration.ofMillis(200)).close();
                return null;
            }).get(10, TimeUnit.SECONDS);
        } finally {
            later.shutdownNow();
        }
    }

    @Test
    void aLockHeldByAnotherProcessMakesWritersGiveUpAsBusy() throws Exception {
        VaultStore store = TestVaults.keyFileVault(dir).withLockWait(Duration.ofMillis(300));
        Path ready = dir.resolve("holding");
        Path release = dir.resolve("release");
        Path log = dir.resolve("holder.log");
        Process holder = launch(log, "hold", store.paths().lockFile().toString(), ready.toString(), release.toString());
        try {
            awaitFile(ready, holder, log);
            try (KeyFileKey key = TestVaults.keyFile(dir)) {
                assertThatThrownBy(() -> store.update(key, vault -> vault.storeKey("k", TestVaults.custom(), TestVaults.secret("v"), "t")))
                        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.BUSY))
                        .hasMessageContaining("busy");
                try (Vault vault = store.open(key)) {
                    assertThat(vault.keyNames()).as("readers take no lock").isEmpty();
                }
            }
            Files.createFile(release);
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            try (KeyFileKey key = TestVaults.keyFile(dir)) {
                store.update(key, vault -> vault.storeKey("k", TestVaults.custom(), TestVaults.secret("value of k"), "t"));
            }
            assertThat(storedNames(store)).containsExactly("k");
        } finally {
            holder.destroyForcibly();
        }
    }
}
