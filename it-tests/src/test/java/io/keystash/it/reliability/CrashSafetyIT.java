package io.keystash.it.reliability;

import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.Artifacts;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.Passphrase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM writing the vault in a loop is killed with SIGKILL at seeded random moments; after each
 * kill the vault must open, and hold every write the victim reported committed — exactly the
 * committed prefix, or that prefix plus the one write in flight (old or new, never broken).
 * Leftover temp files must be owner-only and must not get in the next write's way.
 */
class CrashSafetyIT {
    private static final int KILLS = 100 * Summary.SCALE;
    /** Kill at a random moment up to this long after the victim is ready: several writes in. */
    private static final long MAX_DELAY_MICROS = 250_000;
    /** Fewer than the write loop: each victim start costs a JVM, and the suite must stay under 5 minutes. */
    private static final int ROTATION_KILLS = 60 * Summary.SCALE;
    private static final int LAUNCHER_KILLS = 20 * Summary.SCALE;
    /** The launcher's JVM takes 0.2–0.5 s to reach the write: kills spread over that window. */
    private static final long LAUNCHER_MIN_DELAY_MICROS = 150_000;
    private static final long LAUNCHER_DELAY_SPREAD_MICROS = 400_000;

    @TempDir
    Path folder;

    @Test
    void sigkillAtRandomMomentsLosesNoCommittedWrite() throws Exception {
        Path vaultFile = folder.resolve("home/vault");
        Path keyFile = folder.resolve("app.key");
        VaultStore store = VaultStore.at(VaultPaths.of(vaultFile));
        try (KeyFileKey key = KeyFileKey.generate()) {
            key.writeNew(keyFile);
            store.create(key, null);
            store.update(key, vault -> {
                WriteOps.setUp(vault);
                return null;
            });
        }
        SplittableRandom random = new SplittableRandom(Summary.SEED);
        WriteOps.Model model = new WriteOps.Model();
        int killedMidWrite = 0;
        int inFlightLanded = 0;
        long started = System.nanoTime();
        for (int kill = 0; kill < KILLS; kill++) {
            int first = model.count();
            Process victim = startVictim(CrashVictimMain.class, vaultFile, keyFile, first);
            BufferedReader out = new BufferedReader(new InputStreamReader(victim.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).as("victim %d started", kill).isEqualTo("ready");
            AtomicInteger lastCommitted = new AtomicInteger(first - 1);
            Thread reader = new Thread(() -> readCommitted(out, lastCommitted), "victim-out");
            AtomicReference<Throwable> readFailure = new AtomicReference<>();
            reader.setUncaughtExceptionHandler((thread, failure) -> readFailure.set(failure));
            reader.start();
            long delay = random.nextLong(MAX_DELAY_MICROS);
            TimeUnit.MICROSECONDS.sleep(delay);
            // SIGKILL through the handle: Process.destroyForcibly() also closes our end of the
            // victim's stdout, and "committed N" lines still in the pipe would be lost under load.
            victim.toHandle().destroyForcibly();
            assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(victim.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            reader.join(30_000);
            assertThat(reader.isAlive()).as("victim %d's output read to its end", kill).isFalse();
            assertThat(readFailure.get()).as("reading victim %d's output", kill).isNull();

            int committed = lastCommitted.get() + 1; // writes 0..committed-1 reported committed
            while (model.count() < committed) {
                model.apply();
            }
            WriteOps.State before = model.state();
            model.apply();
            WriteOps.State after = model.state();
            WriteOps.State found = read(store, keyFile, before, after);
            if (found.equals(after)) {
                inFlightLanded++;
            } else {
                assertThat(found).as("kill %d: the vault holds exactly the %d committed writes (found %s, expected %s)",
                        kill, committed, found.describe(), before.describe()).isEqualTo(before);
                model = replayWrites(committed);
            }
            killedMidWrite += committed > first ? 1 : 0;
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        // A kill between creating the temp file and the rename leaves the temp file; the next write
        // (under the lock) removes it, so at most the last kill's can be here now.
        List<Path> leftovers = leftoverTempFiles(vaultFile.getParent());
        assertThat(leftovers.size()).as("temp files left by the last kill").isLessThanOrEqualTo(1);
        for (Path leftover : leftovers) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(leftover)))
                    .as("leftover temp file %s", leftover.getFileName()).isEqualTo("rw-------");
        }
        int nextOp = model.count();
        try (KeyFileKey key = KeyFileKey.read(keyFile)) {
            store.update(key, vault -> {
                WriteOps.apply(vault, nextOp);
                return null;
            });
        }
        assertThat(leftoverTempFiles(vaultFile.getParent())).as("temp files after one more write").isEmpty();
        Summary.passed("crash safety", "SIGKILL of a JVM writing in a loop (store, store --force, delete, profile create/add-key, "
                        + "profile delete, passwd, keyfile create); vault opens and holds every committed write",
                KILLS, model.count() + " writes over " + KILLS + " kills (" + killedMidWrite
                        + " after at least one write; the write in flight landed in " + inFlightLanded
                        + "), 0 lost, 0 broken; temp files of killed writes: 0600, removed by the next write; " + seconds + " s");
    }

    /**
     * As above for rotation and import: a JVM alternately rotates one key (backup, then a new
     * version) and imports a {@code .env} file of many keys in one write, and is killed at seeded
     * moments. After each kill the vault opens; every rotation and import that returned is there;
     * the import in flight is there whole or not at all; every backup that exists is a whole vault
     * that opens with the key and holds an earlier state of the rotated key, 0600 in a 0700 folder.
     */
    @Test
    void sigkillDuringRotationAndImportLosesNothingAndLeavesWholeBackups() throws Exception {
        Path vaultFile = folder.resolve("rot/vault");
        Path keyFile = folder.resolve("rot.key");
        VaultPaths paths = VaultPaths.of(vaultFile);
        VaultStore store = VaultStore.at(paths);
        try (KeyFileKey key = KeyFileKey.generate()) {
            key.writeNew(keyFile);
            store.create(key, null);
            store.update(key, vault -> {
                RotationImportOps.setUp(vault);
                return null;
            });
        }
        SplittableRandom random = new SplittableRandom(Summary.SEED + 2);
        RotationImportOps.Model model = new RotationImportOps.Model();
        int inFlightLanded = 0;
        int inFlightImportsAbsent = 0;
        int backupsChecked = 0;
        int tempBackupsSeen = 0;
        Set<Path> checkedBackups = new HashSet<>();
        long started = System.nanoTime();
        for (int kill = 0; kill < ROTATION_KILLS; kill++) {
            int first = model.count();
            Process victim = startVictim(RotationCrashVictimMain.class, vaultFile, keyFile, first);
            BufferedReader out = new BufferedReader(new InputStreamReader(victim.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).as("victim %d started", kill).isEqualTo("ready");
            AtomicInteger lastCommitted = new AtomicInteger(first - 1);
            Thread reader = new Thread(() -> readCommitted(out, lastCommitted), "victim-out");
            reader.start();
            TimeUnit.MICROSECONDS.sleep(random.nextLong(MAX_DELAY_MICROS));
            victim.toHandle().destroyForcibly(); // keeps the stdout pipe open to its end (see above)
            assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(victim.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            reader.join(30_000);
            assertThat(reader.isAlive()).as("the victim's output read to its end").isFalse();

            int committed = lastCommitted.get() + 1;
            while (model.count() < committed) {
                model.apply();
            }
            RotationImportOps.State before = model.state();
            boolean inFlightIsImport = !RotationImportOps.isRotation(model.count());
            RotationImportOps.Model next = replay(committed + 1);
            RotationImportOps.State after = next.state();
            RotationImportOps.State found;
            try (KeyFileKey key = KeyFileKey.read(keyFile); Vault vault = store.open(key)) {
                found = RotationImportOps.State.of(vault);
            }
            if (found.equals(after)) {
                inFlightLanded++;
                model = next;
            } else {
                assertThat(found).as("kill %d: the vault holds exactly the %d returned writes, the one in flight (%s) whole or "
                                + "not at all (found %s, expected %s)", kill, committed, inFlightIsImport ? "import" : "rotation",
                        found.describe(), before.describe()).isEqualTo(before);
                inFlightImportsAbsent += inFlightIsImport ? 1 : 0;
            }

            if (!Files.exists(paths.backups())) {
                assertThat(committed).as("no backups folder after kill %d: no rotation may have returned yet", kill)
                        .isLessThanOrEqualTo(first);
                continue;
            }
            assertThat(mode(paths.backups())).as("backups folder after kill %d", kill).isEqualTo("rwx------");
            List<Path> backups = backupFiles(paths.backups());
            tempBackupsSeen += leftoverTempFiles(paths.backups()).size();
            for (Path backup : backups) {
                assertThat(mode(backup)).as("backup %s", backup.getFileName()).isEqualTo("rw-------");
                if (checkedBackups.add(backup)) {
                    RotationImportOps.State saved;
                    try (KeyFileKey key = KeyFileKey.read(keyFile); Vault vault = store.open(Files.readAllBytes(backup), key)) {
                        saved = RotationImportOps.State.of(vault);
                    } catch (VaultException e) {
                        throw new AssertionError("backup " + backup.getFileName() + " (" + Files.size(backup) + " bytes) after kill "
                                + kill + " does not open: " + e.getMessage(), e);
                    }
                    assertThat(found.rotatedVersions()).as("backup %s holds an earlier state of the rotated key",
                            backup.getFileName()).containsAllEntriesOf(saved.rotatedVersions());
                    backupsChecked++;
                }
            }
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        List<Path> backups = backupFiles(paths.backups());
        assertThat(backups.size()).as("backups kept").isBetween(1, 20);
        int rotations = model.state().rotatedVersions().size() - 1;
        int imports = model.state().imported().size() / RotationImportOps.KEYS_PER_IMPORT;
        try (KeyFileKey key = KeyFileKey.read(keyFile); Vault vault = store.open(key)) {
            assertThat(store.auditLog().verify(vault.auditKey()).intact()).as("audit chain after the kills").isTrue();
        }
        Summary.passed("crash safety", "SIGKILL of a JVM alternating `rotate` (backup + new version, vault-core Rotator) and "
                        + "`import` of a " + RotationImportOps.KEYS_PER_IMPORT + "-variable .env file (one write); vault opens, every "
                        + "returned rotation and import present, the one in flight whole or absent, every backup whole",
                ROTATION_KILLS, rotations + " rotations and " + imports + " imports (" + imports * RotationImportOps.KEYS_PER_IMPORT
                        + " keys) over " + ROTATION_KILLS + " kills; the write in flight landed in " + inFlightLanded
                        + ", an import in flight was absent (all of its keys) in " + inFlightImportsAbsent + "; 0 lost; "
                        + backupsChecked + " backups opened, each an earlier whole vault, 0600 in a 0700 folder (" + tempBackupsSeen
                        + " sightings of a killed backup's temp file, never named .bak); audit chain verifies; " + seconds + " s");
    }

    /**
     * The real launcher killed mid-{@code store} at seeded moments (most kills land in JVM start,
     * some in the write or the audit append): every store that exited 0 is there, the vault stays
     * writable, and the audit chain still verifies.
     */
    @Test
    void sigkillOfTheRealLauncherDuringStoreLosesNothingReported() throws Exception {
        KeystashCli cli = KeystashCli.withVault(folder.resolve("cli"));
        SplittableRandom random = new SplittableRandom(Summary.SEED + 1);
        List<Integer> completed = new ArrayList<>();
        int kills = LAUNCHER_KILLS;
        long started = System.nanoTime();
        for (int i = 0; i < kills; i++) {
            Process store = cli.startWithInput(("value-" + i).getBytes(StandardCharsets.UTF_8), "store", "k" + i);
            TimeUnit.MICROSECONDS.sleep(LAUNCHER_MIN_DELAY_MICROS + random.nextLong(LAUNCHER_DELAY_SPREAD_MICROS));
            store.destroyForcibly();
            assertThat(store.waitFor(30, TimeUnit.SECONDS)).isTrue();
            if (store.exitValue() == 0) {
                completed.add(i);
            }
        }
        KeystashCli.Result list = cli.run("list", "--json");
        assertThat(list.status()).as(list.toString()).isZero();
        int present = 0;
        for (int i = 0; i < kills; i++) {
            boolean listed = list.out().contains("\"k" + i + "\"");
            if (completed.contains(i)) {
                assertThat(listed).as("k%d stored (exit 0) before the kill", i).isTrue();
            }
            if (listed) {
                present++;
                KeystashCli.Result get = cli.run("get", "k" + i);
                assertThat(get.out()).as("k%d whole", i).isEqualTo("value-" + i + "\n");
            }
        }
        assertThat(cli.runWithInput("after", "store", "after").status()).as("still writable").isZero();
        KeystashCli.Result verify = cli.run("audit", "--verify");
        assertThat(verify.status()).as("audit chain after %d kills: %s", kills, verify.out().strip()).isZero();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        Summary.passed("crash safety", "SIGKILL of the real launcher during `store` at seeded moments (JVM start, write, audit append)",
                kills, completed.size() + " stores had exited 0 before the kill, " + (present - completed.size())
                        + " more had written before it: all present and whole; vault writable, audit chain verifies; " + seconds + " s");
    }

    private static RotationImportOps.Model replay(int count) {
        RotationImportOps.Model model = new RotationImportOps.Model();
        while (model.count() < count) {
            model.apply();
        }
        return model;
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static List<Path> backupFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".bak")).sorted().toList();
        }
    }

    private static WriteOps.Model replayWrites(int count) {
        WriteOps.Model model = new WriteOps.Model();
        while (model.count() < count) {
            model.apply();
        }
        return model;
    }

    /** Opens the vault after a kill and reads its state, with the last passphrase that opens it. */
    private static WriteOps.State read(VaultStore store, Path keyFile, WriteOps.State before, WriteOps.State after)
            throws VaultException {
        int passwdOp = before.passwdOp();
        if (after.passwdOp() != passwdOp && opensWith(store, after.passwdOp())) {
            passwdOp = after.passwdOp();
        } else if (passwdOp >= 0) {
            assertThat(opensWith(store, passwdOp)).as("the last passphrase set (op %d) opens the vault", passwdOp).isTrue();
        }
        try (KeyFileKey key = KeyFileKey.read(keyFile); Vault vault = store.open(key)) {
            return WriteOps.State.of(vault, passwdOp);
        }
    }

    private static boolean opensWith(VaultStore store, int passwdOp) throws VaultException {
        try (Passphrase passphrase = new Passphrase(WriteOps.passphrase(passwdOp).toCharArray(), "test");
             Vault vault = store.open(passphrase)) {
            return vault != null;
        } catch (VaultException e) {
            if (e.failure() == io.keystash.vault.Failure.WRONG_KEY) {
                return false;
            }
            throw e;
        }
    }

    private static void readCommitted(BufferedReader out, AtomicInteger lastCommitted) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.matches("committed \\d+")) {
                    lastCommitted.set(Integer.parseInt(line.substring("committed ".length())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("lost the victim's output: committed writes unknown", e);
        }
    }

    private static Process startVictim(Class<?> main, Path vaultFile, Path keyFile, int first) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto"));
        command.add("-cp");
        command.add(String.join(File.pathSeparator, Artifacts.testClassPath()));
        command.add(main.getName());
        command.add(vaultFile.toString());
        command.add(keyFile.toString());
        command.add(Integer.toString(first));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    static List<Path> leftoverTempFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
