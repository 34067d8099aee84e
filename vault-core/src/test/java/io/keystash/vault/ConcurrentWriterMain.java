package io.keystash.vault;

import io.keystash.vault.storage.VaultLock;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A separate JVM for {@link VaultStoreConcurrencyTest}: either stores keys one update at a time,
 * or holds the vault lock until told to let go. It signals readiness with a file and waits for a
 * start file, so every process begins at the same moment.
 */
public final class ConcurrentWriterMain {
    private ConcurrentWriterMain() {
    }

    /**
     * {@code store VAULT KEYFILE PREFIX COUNT READY START} or {@code hold LOCKFILE READY RELEASE}.
     */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("store")) {
            VaultStore store = VaultStore.at(VaultPaths.of(Path.of(args[1]))).withLockWait(Duration.ofSeconds(60));
            String prefix = args[3];
            int count = Integer.parseInt(args[4]);
            Files.createFile(Path.of(args[5]));
            awaitFile(Path.of(args[6]));
            for (int i = 0; i < count; i++) {
                String name = prefix + "-" + i;
                try (KeyFileKey key = KeyFileKey.read(Path.of(args[2]))) {
                    store.update(key, vault -> vault.storeKey(name, TestVaults.custom(), TestVaults.secret("value of " + name), "proc"));
                }
            }
        } else {
            try (VaultLock lock = VaultLock.acquire(Path.of(args[1]), Duration.ofSeconds(10))) {
                Files.createFile(Path.of(args[2]));
                awaitFile(Path.of(args[3]));
            }
        }
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + file);
            }
            Thread.sleep(5);
        }
    }
}
