package io.keystash.vault;

import io.keystash.vault.crypto.Argon2idParams;
import io.keystash.vault.crypto.KdfParams;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.Passphrase;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Shared fixtures: vaults in temp folders with cheap KDF settings so tests stay fast. */
final class TestVaults {
    /** Argon2id at its minimum: tests exercise the code path, not the cost. */
    static final KdfParams FAST_KDF = new Argon2idParams(64, 1, 1);

    private TestVaults() {
    }

    static Passphrase passphrase(String text) {
        return new Passphrase(text.toCharArray(), "test passphrase");
    }

    static Secret secret(String text) throws VaultException {
        return Secret.ofUtf8(text.getBytes(StandardCharsets.UTF_8));
    }

    static KeyMetadata custom() throws VaultException {
        return KeyMetadata.builder().build();
    }

    /** A store at {@code dir/vault}, created with a key file written to {@code dir/app.key}. */
    static VaultStore keyFileVault(Path dir) throws VaultException {
        VaultStore store = VaultStore.at(VaultPaths.of(dir.resolve("vault")));
        try (KeyFileKey key = KeyFileKey.generate()) {
            key.writeNew(dir.resolve("app.key"));
            store.create(key, null);
        }
        return store;
    }

    static KeyFileKey keyFile(Path dir) throws VaultException {
        return KeyFileKey.read(dir.resolve("app.key"));
    }
}
