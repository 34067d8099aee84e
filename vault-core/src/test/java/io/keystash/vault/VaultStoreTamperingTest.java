package io.keystash.vault;

import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.format.Header;
import io.keystash.vault.format.KeySlot;
import io.keystash.vault.format.ParsedVault;
import io.keystash.vault.format.RecordId;
import io.keystash.vault.format.RecordKind;
import io.keystash.vault.format.VaultCodec;
import io.keystash.vault.model.Binding;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.KeySlots;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.keystash.vault.TestVaults.custom;
import static io.keystash.vault.TestVaults.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * A small saved vault (key-file slot, keys {@code alpha} with 2 versions and {@code beta}, profile
 * {@code prod}) changed in every way an attacker without the key can: every byte, every length,
 * extra bytes, records moved around, a slot from another vault. Opening must refuse each one.
 */
class VaultStoreTamperingTest {
    /** Failures that mean "refused as damaged or not ours"; the version byte may also read as newer. */
    private static final Set<Failure> REFUSED = Set.of(Failure.DAMAGED, Failure.WRONG_KEY);
    private static final int MAJOR_OFFSET = 8;

    @TempDir
    Path dir;

    private VaultStore store;
    private Path vaultFile;
    private byte[] original;

    @BeforeEach
    void saveSmallVault() throws Exception {
        store = TestVaults.keyFileVault(dir);
        vaultFile = dir.resolve("vault");
        try (KeyFileKey key = TestVaults.keyFile(dir)) {
            store.update(key, vault -> {
                vault.storeKey("alpha", custom(), secret("alpha-one"), "t");
                vault.addVersion("alpha", secret("alpha-two"), "t", "rotate");
                vault.storeKey("beta", custom(), secret("beta-one"), "t");
                vault.createProfile("prod");
                vault.bind("prod", new Binding("alpha", "ALPHA", null));
                return null;
            });
        }
        original = Files.readAllBytes(vaultFile);
    }

    /** Writes {@code bytes} as the vault and tries to open it; returns the failure, or fails the test if it opened. */
    private Failure openRefused(byte[] bytes, String what) throws Exception {
        Files.write(vaultFile, bytes);
        try (KeyFileKey key = TestVaults.keyFile(dir)) {
            try (Vault opened = store.open(key)) {
                fail(what + ": a changed vault opened (" + opened + ")");
                return null;
            } catch (VaultException e) {
                return e.failure();
            }
        }
    }

    @Test
    void theUntouchedVaultOpens() throws Exception {
        assertThat(original.length).as("a small vault").isBetween(300, 4000);
        try (KeyFileKey key = TestVaults.keyFile(dir); Vault vault = store.open(key)) {
            assertThat(vault.keyNames()).containsExactly("alpha", "beta");
        }
    }

    @Test
    void everySingleByteChangeIsDetected() throws Exception {
        int checked = 0;
        for (int mask : new int[] {0x01, 0xFF}) {
            for (int i = 0; i < original.length; i++) {
                byte[] changed = original.clone();
                changed[i] ^= (byte) mask;
                Failure failure = openRefused(changed, "byte " + i + " xor " + mask);
                if (i == MAJOR_OFFSET && (changed[i] & 0xFF) > VaultCodec.MAJOR) {
                    assertThat(failure).as("byte %d xor 0x%02x", i, mask).isEqualTo(Failure.UNSUPPORTED_VERSION);
                } else {
                    assertThat(failure).as("byte %d xor 0x%02x", i, mask).isIn(REFUSED);
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(2 * original.length);
    }

    @Test
    void everyTruncationIsDetected() throws Exception {
        for (int length = 0; length < original.length; length++) {
            assertThat(openRefused(Arrays.copyOf(original, length), "truncated to " + length))
                    .as("truncated to %d of %d bytes", length, original.length).isEqualTo(Failure.DAMAGED);
        }
    }

    @Test
    void appendedBytesAreDetected() throws Exception {
        for (int extra : new int[] {1, 16, 32, 1000}) {
            byte[] longer = Arrays.copyOf(original, original.length + extra);
            assertThat(openRefused(longer, extra + " zero bytes appended")).isEqualTo(Failure.DAMAGED);
        }
        byte[] twice = Arrays.copyOf(original, original.length * 2);
        System.arraycopy(original, 0, twice, original.length, original.length);
        assertThat(openRefused(twice, "file appended to itself")).isEqualTo(Failure.DAMAGED);
    }

    /**
     * Swaps two records' sealed bytes and re-seals the file with the real MAC key, as someone
     * holding the key but wanting to fool a reader would: the file opens, but reading a swapped
     * record fails because its associated data names its id.
     */
    private void swapAndReseal(RecordIdOf first, RecordIdOf second) throws Exception {
        ParsedVault parsed = VaultCodec.parse(original);
        try (KeyFileKey key = TestVaults.keyFile(dir); DataKey dataKey = KeySlots.unlock(parsed.header(), key).dataKey()) {
            Map<RecordId, byte[]> records = new java.util.HashMap<>(parsed.records());
            RecordId a = first.of(dataKey.recordIdKey());
            RecordId b = second.of(dataKey.recordIdKey());
            assertThat(records).containsKeys(a, b);
            byte[] sealedA = records.get(a);
            records.put(a, records.get(b));
            records.put(b, sealedA);
            Files.write(vaultFile, VaultCodec.write(parsed.header(), records, dataKey.fileMacKey()));
        }
    }

    /** Computes a record id from the vault's id key. */
    private interface RecordIdOf {
        RecordId of(byte[] idKey);
    }

    private static void assertDamaged(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.DAMAGED));
    }

    /**
     * The vault either refuses to open, or (the catalog is read lazily) opens but refuses to list
     * or serve anything.
     */
    private void assertDamagedAtOpenOrFirstRead(io.keystash.vault.unlock.Credential credential) {
        assertDamaged(() -> {
            try (Vault vault = store.open(credential)) {
                vault.keyNames();
            }
        });
        assertThatThrownBy(() -> {
            try (Vault vault = store.open(credential)) {
                vault.resolveProfile("prod");
            }
        }).isInstanceOfSatisfying(VaultException.class,
                e -> assertThat(e.failure()).isIn(Failure.DAMAGED, Failure.NOT_FOUND));
    }

    private static boolean holds(Vault vault, String name, int version, String expected) throws VaultException {
        try (Secret value = vault.value(name, version); Secret want = secret(expected)) {
            return value.sameValueAs(want);
        }
    }

    @Test
    void resealingWithoutChangesOpens() throws Exception {
        swapAndReseal(k -> RecordId.ofValue(k, "alpha", 1), k -> RecordId.ofValue(k, "alpha", 1));
        try (KeyFileKey key = TestVaults.keyFile(dir); Vault vault = store.open(key)) {
            assertThat(holds(vault, "alpha", 1, "alpha-one")).isTrue();
        }
    }

    @Test
    void valuesOfTwoKeysSwappedAreDetectedWhenRead() throws Exception {
        swapAndReseal(k -> RecordId.ofValue(k, "alpha", 2), k -> RecordId.ofValue(k, "beta", 1));
        try (KeyFileKey key = TestVaults.keyFile(dir); Vault vault = store.open(key)) {
            assertDamaged(() -> vault.value("alpha"));
            assertDamaged(() -> vault.value("beta"));
            assertDamaged(() -> vault.resolveProfile("prod"));
            assertThat(holds(vault, "alpha", 1, "alpha-one")).as("an untouched record still reads").isTrue();
        }
    }

    @Test
    void twoVersionsOfOneKeySwappedAreDetectedWhenRead() throws Exception {
        swapAndReseal(k -> RecordId.ofValue(k, "alpha", 1), k -> RecordId.ofValue(k, "alpha", 2));
        try (KeyFileKey key = TestVaults.keyFile(dir); Vault vault = store.open(key)) {
            assertDamaged(() -> vault.value("alpha", 1));
            assertDamaged(() -> vault.value("alpha", 2));
            assertThat(holds(vault, "beta", 1, "beta-one")).isTrue();
        }
    }

    @Test
    void keyRecordsSwappedAreDetectedWhenRead() throws Exception {
        swapAndReseal(k -> RecordId.of(k, RecordKind.KEY, "alpha"), k -> RecordId.of(k, RecordKind.KEY, "beta"));
        try (KeyFileKey key = TestVaults.keyFile(dir); Vault vault = store.open(key)) {
            assertDamaged(() -> vault.key("alpha"));
            assertDamaged(() -> vault.key("beta"));
            assertDamaged(vault::keys);
        }
    }

    @Test
    void profileSwappedWithTheCatalogIsDetectedWhenRead() throws Exception {
        swapAndReseal(k -> RecordId.of(k, RecordKind.PROFILE, "prod"), k -> RecordId.of(k, RecordKind.CATALOG, ""));
        try (KeyFileKey key = TestVaults.keyFile(dir)) {
            assertDamagedAtOpenOrFirstRead(key);
            try (Vault vault = store.open(key)) {
                assertDamaged(() -> vault.profile("prod"));
            }
        }
    }

    @Test
    void aSlotCopiedFromAnotherVaultIsRefused() throws Exception {
        Path otherDir = Files.createDirectory(dir.resolve("other"));
        VaultStore other = TestVaults.keyFileVault(otherDir);
        ParsedVault ours = VaultCodec.parse(original);
        ParsedVault theirs = VaultCodec.parse(Files.readAllBytes(other.paths().vaultFile()));
        KeySlot foreignSlot = theirs.header().slots().get(0);

        // Their slot in place of ours, re-sealed with their key (the attacker knows their own key file):
        // their key opens the slot, but not our records.
        try (KeyFileKey theirKey = TestVaults.keyFile(otherDir); DataKey theirData = KeySlots.unlock(theirs.header(), theirKey).dataKey()) {
            byte[] replaced = VaultCodec.write(new Header(0, ours.header().vaultId(), ours.header().generation(), List.of(foreignSlot)), ours.records(), theirData.fileMacKey());
            Files.write(vaultFile, replaced);
            assertDamagedAtOpenOrFirstRead(theirKey);
            try (KeyFileKey ourKey = TestVaults.keyFile(dir)) {
                assertThatThrownBy(() -> store.open(ourKey)).isInstanceOfSatisfying(VaultException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.WRONG_KEY));
            }

            // Their slot added beside ours: still refused for both keys.
            List<KeySlot> both = new ArrayList<>(ours.header().slots());
            both.add(foreignSlot);
            Files.write(vaultFile, VaultCodec.write(new Header(0, ours.header().vaultId(), ours.header().generation(), both), ours.records(), theirData.fileMacKey()));
            assertDamagedAtOpenOrFirstRead(theirKey);
            try (KeyFileKey ourKey = TestVaults.keyFile(dir)) {
                assertDamaged(() -> store.open(ourKey).close());
            }
        }
    }

    @Test
    void aWholeVaultFromAnotherPlaceIsNotOpenedByOurKey() throws Exception {
        VaultStore other = TestVaults.keyFileVault(Files.createDirectory(dir.resolve("other")));
        Files.copy(other.paths().vaultFile(), vaultFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (KeyFileKey key = TestVaults.keyFile(dir)) {
            assertThatThrownBy(() -> store.open(key)).isInstanceOfSatisfying(VaultException.class,
                    e -> assertThat(e.failure()).isEqualTo(Failure.WRONG_KEY));
        }
        assertThat(VaultPaths.of(vaultFile).vaultFile()).isEqualTo(vaultFile.toAbsolutePath());
    }
}
