package io.keystash.vault.profile;

import io.keystash.vault.Failure;
import io.keystash.vault.Secret;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.provider.Provider;
import io.keystash.vault.provider.Providers;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyChoiceTest {
    @TempDir
    Path dir;

    private VaultStore store;
    private KeyFileKey key;

    @BeforeEach
    void createVault() throws VaultException {
        store = VaultStore.at(VaultPaths.of(dir.resolve("vault")));
        key = KeyFileKey.generate();
        store.create(key, null);
    }

    private void storeKey(String name, String provider) throws VaultException {
        KeyMetadata metadata = Providers.byId(provider).newKeyMetadata(null, null).build();
        store.update(key, vault -> vault.storeKey(name, metadata,
                Secret.ofUtf8(("value of " + name).getBytes(StandardCharsets.UTF_8)), "test@host"));
    }

    private KeyChoice choose(String name, String provider) throws VaultException {
        Provider chosen = Providers.byId(provider);
        try (Vault vault = store.open(key)) {
            return KeyChoice.of(vault, name, chosen);
        }
    }

    @Test
    void theNamedKeyWinsEvenWhenItsProviderDiffers() throws VaultException {
        storeKey("openai_key", "custom");
        storeKey("mykey", "openai");
        KeyChoice choice = choose("openai_key", "openai");
        assertThat(choice.key().name()).isEqualTo("openai_key");
        assertThat(choice.substituted()).isFalse();
    }

    @Test
    void aMissingNameFallsBackToTheOnlyKeyOfTheProvider() throws VaultException {
        storeKey("mykey", "openai");
        storeKey("claude", "anthropic");
        KeyChoice choice = choose("openai_key", "openai");
        assertThat(choice.key().name()).isEqualTo("mykey");
        assertThat(choice.substituted()).isTrue();
    }

    @Test
    void noKeyOfTheProviderIsNotFoundSayingHowToStoreIt() throws VaultException {
        storeKey("claude", "anthropic");
        assertThatThrownBy(() -> choose("openai_key", "openai"))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND))
                .hasMessage("no key named 'openai_key' and no openai key in the vault; "
                        + "store it with: keystash store openai_key --provider openai");
    }

    @Test
    void twoKeysOfTheProviderAreNeverGuessedBetween() throws VaultException {
        storeKey("first", "openai");
        storeKey("second", "openai");
        assertThatThrownBy(() -> choose("openai_key", "openai"))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND))
                .hasMessageContaining("the vault has 2 openai keys ('first', 'second')")
                .hasMessageEndingWith("store it with: keystash store openai_key --provider openai");
    }
}
