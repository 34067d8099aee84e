package io.keystash.remote.store;

import io.keystash.vault.VaultStore;
import io.keystash.vault.format.FileGroups;
import io.keystash.vault.format.MalformedException;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.Secret;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestTest {
    @TempDir
    Path dir;

    private byte[] vaultFile(int keys) throws Exception {
        VaultStore store = VaultStore.at(VaultPaths.of(dir.resolve("vault")));
        try (KeyFileKey key = KeyFileKey.generate()) {
            store.create(key, null);
            store.update(key, vault -> {
                for (int i = 0; i < keys; i++) {
                    vault.storeKey("key-" + i, KeyMetadata.builder().build(),
                            Secret.ofUtf8(("value-" + i).getBytes(StandardCharsets.UTF_8)), "test");
                }
                return null;
            });
        }
        return Files.readAllBytes(dir.resolve("vault"));
    }

    @Test
    void aManifestDescribesTheFileExactlyAndStaysSmall() throws Exception {
        byte[] file = vaultFile(300);
        FileGroups groups = FileGroups.of(file);
        byte[] manifest = Manifest.encode(groups);
        FileGroups decoded = Manifest.decode(manifest);

        assertThat(decoded.sameAs(groups)).isTrue();
        assertThat(decoded.header().vaultId()).isEqualTo(groups.header().vaultId());
        assertThat(decoded.header().generation()).isEqualTo(groups.header().generation());
        assertThat(decoded.length()).isEqualTo(file.length);
        assertThat(manifest.length).isLessThan(12 * 1024).isLessThan(file.length);
        assertThat(new String(manifest, StandardCharsets.ISO_8859_1)).doesNotContain("key-1").doesNotContain("value-1");
    }

    @Test
    void anythingButAWholeWellFormedManifestIsRefused() throws Exception {
        byte[] manifest = Manifest.encode(FileGroups.of(vaultFile(3)));
        assertThatThrownBy(() -> Manifest.decode(Arrays.copyOf(manifest, manifest.length - 1))).isInstanceOf(MalformedException.class);
        assertThatThrownBy(() -> Manifest.decode(Arrays.copyOf(manifest, manifest.length + 1))).isInstanceOf(MalformedException.class);
        assertThatThrownBy(() -> Manifest.decode(new byte[0])).isInstanceOf(MalformedException.class);
        byte[] badMagic = manifest.clone();
        badMagic[0] = 'X';
        assertThatThrownBy(() -> Manifest.decode(badMagic)).isInstanceOf(MalformedException.class);
        byte[] hugeFront = manifest.clone();
        hugeFront[8] = 0x7f;
        assertThatThrownBy(() -> Manifest.decode(hugeFront)).isInstanceOf(MalformedException.class);
        byte[] editedHeader = manifest.clone();
        editedHeader[12 + 20] ^= 1;
        assertThatThrownBy(() -> Manifest.decode(editedHeader)).isInstanceOf(MalformedException.class).hasMessageContaining("checksum");
    }
}
