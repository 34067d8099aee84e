package io.keystash.vault.rotation;

import io.keystash.vault.Failure;
import io.keystash.vault.Secret;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RotatorTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    @TempDir
    Path dir;
    private VaultStore store;
    private KeyFileKey key;
    private Rotator rotator;

    @BeforeEach
    void vault() throws Exception {
        store = VaultStore.at(VaultPaths.of(dir.resolve("vault"))).withClock(Clock.fixed(NOW, ZoneOffset.UTC));
        key = KeyFileKey.generate();
        store.create(key, null);
        rotator = Rotator.withDiscoveredProviders(store, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void wipe() {
        key.close();
    }

    private static Secret secret(String text) throws VaultException {
        return Secret.ofUtf8(text.getBytes(StandardCharsets.UTF_8));
    }

    private void store(String name, KeyMetadata metadata, String value) throws VaultException {
        store.update(key, vault -> vault.storeKey(name, metadata, secret(value), "t"));
    }

    private boolean valueIs(String name, String expected) throws VaultException {
        try (Vault vault = store.open(key); Secret value = vault.value(name); Secret want = secret(expected)) {
            return value.sameValueAs(want);
        }
    }

    private KeyEntry entry(String name) throws VaultException {
        try (Vault vault = store.open(key)) {
            return vault.key(name);
        }
    }

    @Test
    void manualRotationKeepsHistoryWritesABackupAndRecomputesExpiry() throws Exception {
        store("api", KeyMetadata.builder().rotateEveryDays(30).expires(TODAY.plusDays(2)).build(), "v1");
        RotationResult result = rotator.rotate(key, "api", secret("v2"), MetadataEdit.NONE);
        assertThat(result.outcome()).isEqualTo(RotationResult.Outcome.ROTATED);
        assertThat(result.toVersion()).isEqualTo(2);
        assertThat(valueIs("api", "v2")).isTrue();
        assertThat(entry("api").versions()).hasSize(2);
        assertThat(entry("api").metadata().expires()).isEqualTo(TODAY.plusDays(30));
        List<Path> backups = new Backups(store.paths(), Clock.systemUTC()).list();
        assertThat(backups).hasSize(1);
        try (Vault backup = store.open(Files.readAllBytes(backups.get(0)), key); Secret old = backup.value("api");
             Secret v1 = secret("v1")) {
            assertThat(old.sameValueAs(v1)).as("backup holds the vault as it was before").isTrue();
        }
    }

    @Test
    void rollbackToEachVersionAddsANewVersion() throws Exception {
        store("api", KeyMetadata.builder().build(), "v1");
        rotator.rotate(key, "api", secret("v2"), MetadataEdit.NONE);
        rotator.rotate(key, "api", secret("v3"), MetadataEdit.NONE);
        assertThat(rotator.rollback(key, "api", null, false).toVersion()).isEqualTo(4);
        assertThat(valueIs("api", "v2")).isTrue();
        rotator.rollback(key, "api", 1, false);
        assertThat(valueIs("api", "v1")).isTrue();
        rotator.rollback(key, "api", 3, false);
        assertThat(valueIs("api", "v3")).isTrue();
        assertThat(entry("api").current().origin()).isEqualTo("rollback from 3");
    }

    @Test
    void prunedVersionIsRefusedClearly() throws Exception {
        store("api", KeyMetadata.builder().keep(2).build(), "v1");
        rotator.rotate(key, "api", secret("v2"), MetadataEdit.NONE);
        rotator.rotate(key, "api", secret("v3"), MetadataEdit.NONE);
        assertThat(entry("api").versions()).extracting(v -> v.number()).containsExactly(2, 3);
        assertThatThrownBy(() -> rotator.rollback(key, "api", 1, false))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND))
                .hasMessageContaining("pruned");
    }

    @Test
    void dueRotationWithSucceedingFailingEmptyAndRejectedCommands() throws Exception {
        LocalDate soon = TODAY.plusDays(3);
        store("ok", KeyMetadata.builder().expires(soon).rotateCommand("printf 'new-%s' \"$KEYSTASH_KEY\"").build(), "o1");
        store("fails", KeyMetadata.builder().expires(soon).rotateCommand("exit 3").build(), "f1");
        store("empty", KeyMetadata.builder().expires(soon).rotateCommand("true").build(), "e1");
        store("rejected", KeyMetadata.builder().expires(soon).rotateCommand("echo candidate")
                .validateCommand("grep -q never").build(), "r1");
        store("later", KeyMetadata.builder().expires(TODAY.plusDays(60)).rotateCommand("echo x").build(), "l1");

        List<RotationResult> results = rotator.rotateDue(key, 7, false);

        assertThat(results).extracting(RotationResult::key).containsExactlyInAnyOrder("ok", "fails", "empty", "rejected");
        assertThat(results).filteredOn(r -> r.key().equals("ok")).allMatch(r -> r.outcome() == RotationResult.Outcome.ROTATED);
        assertThat(results).filteredOn(r -> !r.key().equals("ok")).allMatch(RotationResult::failed);
        assertThat(valueIs("ok", "new-ok")).isTrue();
        assertThat(valueIs("fails", "f1")).isTrue();
        assertThat(valueIs("empty", "e1")).isTrue();
        assertThat(valueIs("rejected", "r1")).isTrue();
        assertThat(valueIs("later", "l1")).isTrue();
        assertThat(store.auditLog().read()).anyMatch(e -> "rejected".equals(e.key()) && e.outcome().startsWith("failed"));
    }

    @Test
    void dryRunLeavesTheVaultByteForByteUnchanged() throws Exception {
        store("api", KeyMetadata.builder().expires(TODAY.minusDays(1)).rotateCommand("echo new").build(), "v1");
        byte[] before = Files.readAllBytes(store.paths().vaultFile());
        List<RotationResult> results = rotator.rotateDue(key, 0, true);
        assertThat(results).singleElement().matches(r -> r.outcome() == RotationResult.Outcome.WOULD_CHANGE);
        assertThat(rotator.previewRotate(key, "api", MetadataEdit.NONE).outcome()).isEqualTo(RotationResult.Outcome.WOULD_CHANGE);
        assertThatThrownBy(() -> rotator.rollback(key, "api", null, true)).hasMessageContaining("no earlier version");
        assertThat(Files.readAllBytes(store.paths().vaultFile())).isEqualTo(before);
    }

    @Test
    void rotationCommandNeverSeesTheOldValueOrUnlockVariables() throws Exception {
        Path seen = dir.resolve("seen");
        store("api", KeyMetadata.builder().expires(TODAY).rotateCommand("env > '" + seen + "'; echo fresh").build(), "old-value-canary");
        rotator.rotateDue(key, 0, false);
        String env = Files.readString(seen);
        assertThat(env).contains("KEYSTASH_KEY=api").doesNotContain("old-value-canary").doesNotContain("API_KEY_MASTER=");
    }

    @Test
    void dueKeyWithoutAProviderIsSkippedAndTheOthersRotate() throws Exception {
        store("manual", KeyMetadata.builder().expires(TODAY).build(), "m1");
        store("auto", KeyMetadata.builder().expires(TODAY).rotateCommand("echo a2").build(), "a1");
        List<RotationResult> results = rotator.rotateDue(key, 0, false);
        assertThat(results).extracting(RotationResult::key, RotationResult::outcome).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("manual", RotationResult.Outcome.SKIPPED),
                org.assertj.core.groups.Tuple.tuple("auto", RotationResult.Outcome.ROTATED));
        assertThat(results).filteredOn(r -> r.key().equals("manual")).singleElement()
                .satisfies(r -> assertThat(r.message()).contains("no rotation provider").contains("--rotate-command"));
        assertThat(valueIs("manual", "m1")).isTrue();
        assertThat(valueIs("auto", "a2")).isTrue();
        assertThat(entry("auto").current().origin()).isEqualTo("rotate (command)");
    }

    @Test
    void manualRotationIsValidatedAndARejectedValueChangesNothing() throws Exception {
        store("api", KeyMetadata.builder().validateCommand("grep -qx good").build(), "v1");
        byte[] before = Files.readAllBytes(store.paths().vaultFile());
        RotationResult rejected = rotator.rotate(key, "api", secret("bad"), MetadataEdit.NONE);
        assertThat(rejected.failed()).isTrue();
        assertThat(rejected.message()).contains("rejected").contains("rolled back").doesNotContain("bad");
        assertThat(Files.readAllBytes(store.paths().vaultFile())).isEqualTo(before);
        assertThat(new Backups(store.paths(), Clock.systemUTC()).list()).isEmpty();
        assertThat(store.auditLog().read()).anyMatch(e -> e.operation().equals("rotate") && e.outcome().equals("failed: validation"));
        assertThat(rotator.rotate(key, "api", secret("good"), MetadataEdit.NONE).outcome()).isEqualTo(RotationResult.Outcome.ROTATED);
        assertThat(valueIs("api", "good")).isTrue();
        assertThat(store.auditLog().read()).filteredOn(e -> e.operation().equals("rotate"))
                .extracting(e -> e.outcome()).containsExactly("failed: validation", "ok");
        assertThat(new Backups(store.paths(), Clock.systemUTC()).list()).hasSize(1);
    }

    @Test
    void rotateWithProviderAppliesTheEditFirstSoANewCommandIsUsedAtOnce() throws Exception {
        store("api", KeyMetadata.builder().build(), "v1");
        assertThat(rotator.rotateWithProvider(key, "api", MetadataEdit.NONE, false).failed()).isTrue();
        MetadataEdit edit = m -> m.toBuilder().rotateCommand("echo from-command").keep(2).build();
        RotationResult result = rotator.rotateWithProvider(key, "api", edit, false);
        assertThat(result.outcome()).isEqualTo(RotationResult.Outcome.ROTATED);
        assertThat(result.provider()).isEqualTo("command");
        assertThat(valueIs("api", "from-command")).isTrue();
        assertThat(entry("api").metadata().rotateCommand()).isEqualTo("echo from-command");
        assertThat(entry("api").metadata().keep()).isEqualTo(2);
    }

    @Test
    void withoutARotationPeriodExpiryIsClearedUnlessTheEditSetsOne() throws Exception {
        store("api", KeyMetadata.builder().expires(TODAY.plusDays(3)).build(), "v1");
        RotationResult cleared = rotator.rotate(key, "api", secret("v2"), MetadataEdit.NONE);
        assertThat(cleared.message()).contains("expiry cleared");
        assertThat(entry("api").metadata().expires()).isNull();
        rotator.rotate(key, "api", secret("v3"), m -> m.toBuilder().expires(TODAY.plusDays(50)).build());
        assertThat(entry("api").metadata().expires()).isEqualTo(TODAY.plusDays(50));
    }

    @Test
    void aProviderThatThrowsFailsItsKeyWithoutShowingItsMessage() throws Exception {
        RotationProvider broken = new RotationProvider() {
            @Override
            public String id() {
                return "broken";
            }

            @Override
            public boolean handles(KeyEntry k) {
                return k.metadata().tags().contains("rotate:broken");
            }

            @Override
            public Secret newValue(KeyEntry k) {
                throw new IllegalStateException("secret-in-message");
            }
        };
        Rotator mixed = new Rotator(store, Clock.fixed(NOW, ZoneOffset.UTC), List.of(new CommandRotationProvider(), broken));
        store("a", KeyMetadata.builder().expires(TODAY).tags(List.of("rotate:broken")).build(), "a1");
        store("b", KeyMetadata.builder().expires(TODAY).rotateCommand("echo b2").build(), "b1");
        List<RotationResult> results = mixed.rotateDue(key, 0, false);
        assertThat(results).filteredOn(r -> r.key().equals("a")).singleElement().satisfies(r -> {
            assertThat(r.failed()).isTrue();
            assertThat(r.provider()).isEqualTo("broken");
            assertThat(r.message()).contains("IllegalStateException").doesNotContain("secret-in-message");
        });
        assertThat(valueIs("a", "a1")).isTrue();
        assertThat(valueIs("b", "b2")).isTrue();
    }

    @Test
    void rollbackRefusesTheCurrentAndUnknownVersions() throws Exception {
        store("api", KeyMetadata.builder().build(), "v1");
        rotator.rotate(key, "api", secret("v2"), MetadataEdit.NONE);
        assertThatThrownBy(() -> rotator.rollback(key, "api", 2, false))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.CONFLICT));
        assertThatThrownBy(() -> rotator.rollback(key, "api", 9, false))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND))
                .hasMessageContaining("no version 9").hasMessageContaining("1..2");
        assertThatThrownBy(() -> rotator.rollback(key, "missing", null, false))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND));
    }

    @Test
    void keepPrunesOldVersionsAtRotation() throws Exception {
        store("api", KeyMetadata.builder().build(), "v1");
        for (int i = 2; i <= 12; i++) {
            rotator.rotate(key, "api", secret("v" + i), MetadataEdit.NONE);
        }
        assertThat(entry("api").versions()).extracting(v -> v.number()).containsExactly(3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        rotator.rotate(key, "api", secret("v13"), m -> m.toBuilder().keep(3).build());
        assertThat(entry("api").versions()).extracting(v -> v.number()).containsExactly(11, 12, 13);
    }

    @Test
    void overlappingDueRunsAreRefusedAndTheLockIsReleasedAfterARun() throws Exception {
        store("api", KeyMetadata.builder().expires(TODAY).rotateCommand("echo new").build(), "v1");
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread other = new Thread(() -> {
            try (io.keystash.vault.storage.VaultLock lock = io.keystash.vault.storage.VaultLock.acquire(
                    rotator.rotationLockFile(), java.time.Duration.ofSeconds(5))) {
                held.countDown();
                done.await();
            } catch (VaultException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        other.start();
        held.await();
        try {
            assertThatThrownBy(() -> rotator.rotateDue(key, 0, false))
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.BUSY))
                    .hasMessageContaining("another rotate --due is running");
            assertThat(rotator.rotateDue(key, 0, true)).singleElement()
                    .matches(r -> r.outcome() == RotationResult.Outcome.WOULD_CHANGE);
        } finally {
            done.countDown();
            other.join();
        }
        assertThat(valueIs("api", "v1")).isTrue();
        assertThat(rotator.rotateDue(key, 0, false)).singleElement().matches(r -> r.outcome() == RotationResult.Outcome.ROTATED);
        assertThat(rotator.rotateDue(key, 0, false)).isEmpty();
    }
}
