package io.keystash.vault.storage;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VaultLockTest {
    @TempDir
    Path dir;

    private static void acquireElsewhere(Path lockFile, Duration wait) throws Exception {
        try {
            CompletableFuture.runAsync(() -> {
                try {
                    VaultLock.acquire(lockFile, wait).close();
                } catch (VaultException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void lockFileIsCreatedOwnerOnly() throws Exception {
        Path lockFile = dir.resolve("vault.lock");
        try (VaultLock lock = VaultLock.acquire(lockFile, Duration.ofSeconds(1))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lockFile))).isEqualTo("rw-------");
        }
    }

    @Test
    void aHeldLockIsBusyForOthersWithinTheBoundAndFreeAfterClose() throws Exception {
        Path lockFile = dir.resolve("vault.lock");
        VaultLock held = VaultLock.acquire(lockFile, Duration.ofSeconds(1));
        try (VaultLock nested = VaultLock.acquire(lockFile, Duration.ZERO)) {
            assertThat(nested).as("re-entrant for the holder").isNotNull();
        }
        assertThatThrownBy(() -> acquireElsewhere(lockFile, Duration.ofMillis(100)))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.BUSY))
                .hasMessageContaining("busy").hasMessageContaining(lockFile.toString())
                .hasMessageEndingWith("; try again when it ends, or see which process it is with: fuser -v " + lockFile);
        held.close();
        acquireElsewhere(lockFile, Duration.ofMillis(100));
    }
}
