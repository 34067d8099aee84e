package io.keystash.vault;

import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static io.keystash.vault.TestVaults.custom;
import static io.keystash.vault.TestVaults.keyFile;
import static io.keystash.vault.TestVaults.keyFileVault;
import static io.keystash.vault.TestVaults.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The read-only opening the agent uses: the same vault and the same refusals as {@link VaultStore}'s. */
class VaultReaderTest {
    @TempDir
    Path dir;

    @Test
    void opensWhatTheStoreWroteWithTheGivenClock() throws Exception {
        VaultStore store = keyFileVault(dir);
        try (KeyFileKey key = keyFile(dir)) {
            store.update(key, vault -> vault.storeKey("api", custom(), secret("first-value"), "tester@host"));
        }
        Clock fixed = Clock.fixed(Instant.parse("2030-01-02T03:04:05Z"), ZoneOffset.UTC);
        try (KeyFileKey key = keyFile(dir); Vault read = VaultReader.open(VaultPaths.of(dir.resolve("vault")), key, fixed);
             Secret value = read.value("api"); Secret expected = secret("first-value")) {
            assertThat(read.keyNames()).containsExactly("api");
            assertThat(value.sameValueAs(expected)).isTrue();
            // Nothing writes this handle, so it refuses changes; made changeable, a change carries the given clock's time.
            assertThatThrownBy(() -> read.storeKey("later", custom(), secret("second-value"), "tester@host"))
                    .isInstanceOf(IllegalStateException.class);
            read.acceptChanges();
            assertThat(read.storeKey("later", custom(), secret("second-value"), "tester@host").current().created())
                    .isEqualTo(fixed.instant());
        }
    }

    @Test
    void peekingReadsTheIdAndGenerationWithoutUnlockingAndRefusesWhatIsNoVault() throws Exception {
        VaultStore store = keyFileVault(dir);
        Path vaultFile = dir.resolve("vault");
        var before = VaultReader.peekHeader(vaultFile);
        try (KeyFileKey key = keyFile(dir)) {
            store.update(key, vault -> vault.storeKey("api", custom(), secret("first-value"), "tester@host"));
        }
        var after = VaultReader.peekHeader(vaultFile);
        assertThat(after.vaultId()).isNotNull().isEqualTo(before.vaultId());
        assertThat(after.generation()).isEqualTo(before.generation() + 1);

        Files.write(vaultFile, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> VaultReader.peekHeader(vaultFile))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.DAMAGED));
        Files.delete(vaultFile);
        assertThatThrownBy(() -> VaultReader.peekHeader(vaultFile))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND));
    }

    @Test
    void aMissingFileOrAFolderIsRefusedWithItsName() throws Exception {
        keyFileVault(dir);
        Path missing = dir.resolve("elsewhere/vault");
        try (KeyFileKey key = keyFile(dir)) {
            assertThatThrownBy(() -> VaultReader.open(VaultPaths.of(missing), key, Clock.systemUTC()))
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND))
                    .hasMessage("no vault at " + missing + "; create one with: keystash init");
            assertThatThrownBy(() -> VaultReader.open(VaultPaths.of(dir), key, Clock.systemUTC()))
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.IO))
                    .hasMessage(dir + " is a folder, not a vault file");
        }
    }

    @Test
    void anEditedVaultIsRefusedAsDamagedAndLeftAsItWas() throws Exception {
        keyFileVault(dir);
        Path vaultFile = dir.resolve("vault");
        byte[] file = Files.readAllBytes(vaultFile);
        file[file.length - 1] ^= 1;
        Files.write(vaultFile, file);
        try (KeyFileKey key = keyFile(dir)) {
            assertThatThrownBy(() -> VaultReader.open(VaultPaths.of(vaultFile), key, Clock.systemUTC()))
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.DAMAGED))
                    .hasMessageStartingWith("vault " + vaultFile + " is damaged or was tampered with (");
        }
        assertThat(Files.readAllBytes(vaultFile)).isEqualTo(file);
    }
}
