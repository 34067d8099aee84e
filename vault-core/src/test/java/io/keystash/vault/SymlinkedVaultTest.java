package io.keystash.vault;

import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.keystash.vault.TestVaults.custom;
import static io.keystash.vault.TestVaults.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A vault named through a symbolic link ({@code --vault LINK}, agent {@code vault=LINK}): the
 * link's own mode (always rwxrwxrwx, and no chmod changes it) is not what matters; the file it
 * points to is checked, and a refusal names that file, so the fix it suggests works.
 */
class SymlinkedVaultTest {
    @TempDir
    Path dir;

    @Test
    void aLinkToAnOwnerOnlyVaultOpens() throws Exception {
        VaultStore real = TestVaults.keyFileVault(Files.createDirectory(dir.resolve("real")));
        Path link = Files.createSymbolicLink(dir.resolve("link.ks"), real.paths().vaultFile());
        try (KeyFileKey key = TestVaults.keyFile(dir.resolve("real"))) {
            real.update(key, vault -> vault.storeKey("k", custom(), secret("v"), "t"));
            try (Vault vault = VaultStore.at(VaultPaths.of(link)).open(key)) {
                assertThat(vault.keys()).hasSize(1);
            }
        }
    }

    @Test
    void aLinkToAVaultOthersMayReadIsRefusedNamingTheTargetAndItsFix() throws Exception {
        VaultStore real = TestVaults.keyFileVault(Files.createDirectory(dir.resolve("real")));
        Path target = real.paths().vaultFile();
        Path link = Files.createSymbolicLink(dir.resolve("link.ks"), target);
        Files.setAttribute(target, "unix:mode", 0644);
        try (KeyFileKey key = TestVaults.keyFile(dir.resolve("real"))) {
            VaultException e = catchThrowableOfType(VaultException.class, () -> VaultStore.at(VaultPaths.of(link)).open(key));
            assertThat(e.failure()).isEqualTo(Failure.IO);
            assertThat(e).hasMessage("vault " + link + " (a link to " + target.toRealPath() + ") is accessible by other users "
                    + "(mode rw-r--r--); run: chmod 600 " + target.toRealPath());
            Files.setAttribute(target, "unix:mode", 0600); // the fix it names
            VaultStore.at(VaultPaths.of(link)).open(key).close();
        }
    }
}
