package io.keystash.vault.rotation;

import io.keystash.vault.storage.AtomicFile;
import io.keystash.vault.storage.SecureFiles;
import io.keystash.vault.storage.VaultPaths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BackupsTest {
    @TempDir
    Path dir;

    @Test
    void keepsTheNewestTwentyEvenWithinOneMillisecond() throws Exception {
        Backups backups = new Backups(VaultPaths.of(dir.resolve("vault")), Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));
        for (int i = 1; i <= 25; i++) {
            backUp(backups, dir.resolve("vault"), ("backup " + i).getBytes(StandardCharsets.UTF_8));
        }
        List<Path> kept = backups.list();
        assertThat(kept).hasSize(Backups.KEEP);
        List<String> contents = new ArrayList<>();
        for (Path file : kept) {
            contents.add(Files.readString(file));
        }
        assertThat(contents).first().isEqualTo("backup 6");
        assertThat(contents).last().isEqualTo("backup 25");
    }

    @Test
    void backupsAreOwnerOnlyInAnOwnerOnlyFolderNamedAfterTheVault() throws Exception {
        Backups backups = new Backups(VaultPaths.of(dir.resolve("prod.ks")), Clock.systemUTC());
        Path file = backUp(backups, dir.resolve("prod.ks"), new byte[] {1, 2, 3});
        assertThat(file.getParent()).isEqualTo(dir.resolve("prod.ks.backups"));
        assertThat(file.getFileName().toString()).matches("prod\\.ks-\\d{8}T\\d{6}\\.\\d{3}Z-\\d{3}\\.bak");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void laterTimesSortAfterEarlierOnes() throws Exception {
        VaultPaths paths = VaultPaths.of(dir.resolve("vault"));
        Instant start = Instant.parse("2026-11-23T09:59:59.998Z");
        for (int i = 0; i < 3; i++) {
            backUp(new Backups(paths, Clock.fixed(start.plusMillis(i), ZoneOffset.UTC)), paths.vaultFile(), new byte[] {(byte) i});
            backUp(new Backups(paths, Clock.fixed(start.plusMillis(i), ZoneOffset.UTC)), paths.vaultFile(), new byte[] {(byte) (10 + i)});
        }
        List<Byte> order = new ArrayList<>();
        for (Path file : new Backups(paths, Clock.systemUTC()).list()) {
            order.add(Files.readAllBytes(file)[0]);
        }
        assertThat(order).containsExactly((byte) 0, (byte) 10, (byte) 1, (byte) 11, (byte) 2, (byte) 12);
    }

    /**
     * A rotation killed while writing its backup must not leave a short {@code .bak} (the
     * reliability suite's SIGKILL loop found an empty one): a backup is a link or a temp file
     * renamed, and the next backup removes a killed one's temp file.
     */
    @Test
    void aKilledBackupLeavesOnlyATempFileThatTheNextBackupRemoves() throws Exception {
        VaultPaths paths = VaultPaths.of(dir.resolve("vault"));
        Backups backups = new Backups(paths, Clock.systemUTC());
        backUp(backups, paths.vaultFile(), new byte[] {1});
        Path killed = paths.backups().resolve(".vault-20261123T100000.000Z-000.bak.123456.tmp");
        Path otherVault = paths.backups().resolve(".prod.ks-20261123T100000.000Z-000.bak.1.tmp");
        Files.write(killed, new byte[0]);
        Files.write(otherVault, new byte[0]);
        assertThat(backups.list()).as("a temp file is not a backup").hasSize(1);

        Path file = backUp(backups, paths.vaultFile(), new byte[] {2, 3});

        assertThat(Files.readAllBytes(file)).containsExactly(2, 3);
        assertThat(killed).doesNotExist();
        assertThat(otherVault).as("another vault's temp file is left alone").exists();
        try (var entries = Files.list(paths.backups())) {
            assertThat(entries.filter(f -> f.getFileName().toString().startsWith(".vault")).toList())
                    .as("no temp file of this write").isEmpty();
        }
    }

    @Test
    void aBackupTakenOfTheVaultFileKeepsItsContentWhenTheVaultIsReplaced() throws Exception {
        Path vault = dir.resolve("vault");
        SecureFiles.writeNewPrivateFile(vault, "before".getBytes(StandardCharsets.UTF_8));
        Path backup = new Backups(VaultPaths.of(vault), Clock.systemUTC()).take(vault);
        new AtomicFile().write(vault, "after".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(backup)).isEqualTo("before");
        assertThat(Files.readString(vault)).isEqualTo("after");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rw-------");
    }

    @Test
    void aVaultReachedThroughASymbolicLinkIsBackedUpAsItsContentNotAsTheLink() throws Exception {
        Path real = dir.resolve("real-vault");
        SecureFiles.writeNewPrivateFile(real, "before".getBytes(StandardCharsets.UTF_8));
        Path vault = Files.createSymbolicLink(dir.resolve("vault"), real);
        Path backup = new Backups(VaultPaths.of(vault), Clock.systemUTC()).take(vault);
        assertThat(Files.isSymbolicLink(backup)).isFalse();
        new AtomicFile().write(real, "after".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(backup)).isEqualTo("before");
    }

    @Test
    void aVaultOnAnotherFileSystemThanItsBackupsIsCopied() throws Exception {
        Path shm = Path.of("/dev/shm");
        Assumptions.assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm)
                && !Files.getFileStore(shm).equals(Files.getFileStore(dir)), "no second file system (/dev/shm) to link across");
        Path elsewhere = Files.createTempDirectory(shm, "keystash-backups-test");
        try {
            Path vault = elsewhere.resolve("vault");
            SecureFiles.writeNewPrivateFile(vault, "before".getBytes(StandardCharsets.UTF_8));
            // the backups folder is normally beside the vault; a symbolic link puts it on another file system here
            Files.createSymbolicLink(elsewhere.resolve("backups"), Files.createDirectory(dir.resolve("real-backups"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
            Path backup = new Backups(VaultPaths.of(vault), Clock.systemUTC()).take(vault);
            new AtomicFile().write(vault, "after".getBytes(StandardCharsets.UTF_8));
            assertThat(Files.readString(backup)).isEqualTo("before");
            assertThat(backup.toRealPath().startsWith(dir.toRealPath())).isTrue();
        } finally {
            try (java.util.stream.Stream<Path> files = Files.walk(elsewhere)) {
                for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /** Writes {@code content} as the vault file (as every vault write does: a new file renamed over it), then backs it up. */
    private static Path backUp(Backups backups, Path vault, byte[] content) throws Exception {
        new AtomicFile().write(vault, content);
        return backups.take(vault);
    }
}
