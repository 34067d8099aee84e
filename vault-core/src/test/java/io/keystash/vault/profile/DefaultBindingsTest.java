package io.keystash.vault.profile;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.KeyVersion;
import io.keystash.vault.provider.Providers;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefaultBindingsTest {
    private static final Instant NOW = Instant.parse("2026-11-30T00:00:00Z");

    @Test
    void explicitNamesWinOverEveryDefault() throws VaultException {
        KeyEntry key = key("openai", KeyMetadata.builder().provider("openai").env("OPENAI_API_KEY").build());
        assertThat(DefaultBindings.forKey(key, "OTHER", null)).containsExactly(new Binding("openai", "OTHER", null));
        assertThat(DefaultBindings.forKey(key, null, "other.key")).containsExactly(new Binding("openai", null, "other.key"));
    }

    @Test
    void theKeysOwnNamesComeBeforeItsProvidersDefaults() throws VaultException {
        KeyEntry key = key("gemini", KeyMetadata.builder().provider("google").env("GEMINI_API_KEY").build());
        assertThat(DefaultBindings.forKey(key, null, null)).containsExactly(new Binding("gemini", "GEMINI_API_KEY", null));
    }

    @Test
    void withoutNamesOfItsOwnAKeyGetsEveryDefaultVariableOfItsProviderAndThePropertyOnce() throws VaultException {
        KeyEntry google = key("google", KeyMetadata.builder().provider("google").build());
        assertThat(DefaultBindings.forKey(google, null, null)).containsExactly(
                new Binding("google", "GOOGLE_API_KEY", null), new Binding("google", "GEMINI_API_KEY", null));
        KeyEntry aws = key("aws", KeyMetadata.builder().provider("aws").build());
        assertThat(DefaultBindings.forKey(aws, null, null))
                .containsExactly(new Binding("aws", "AWS_SECRET_ACCESS_KEY", "aws.secretAccessKey"));
    }

    @Test
    void aCustomKeyWithNoNamesIsRefusedSayingWhatToGive() throws VaultException {
        KeyEntry custom = key("plain", KeyMetadata.builder().provider("custom").build());
        assertThatThrownBy(() -> DefaultBindings.forKey(custom, null, null))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
                .hasMessageContaining("--env VAR or --property PROP");
    }

    @Test
    void withAProviderTheKeyGetsThatProvidersNamesNotItsOwn() throws VaultException {
        KeyEntry key = key("mykey", KeyMetadata.builder().provider("custom").env("MY_KEY").build());
        assertThat(DefaultBindings.forProvider(key, Providers.byId("openai")))
                .containsExactly(new Binding("mykey", "OPENAI_API_KEY", null));
        assertThat(DefaultBindings.forProvider(key, Providers.byId("aws")))
                .containsExactly(new Binding("mykey", "AWS_SECRET_ACCESS_KEY", "aws.secretAccessKey"));
        assertThatThrownBy(() -> DefaultBindings.forProvider(key, Providers.byId("custom")))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
                .hasMessageContaining("--env VAR or --property PROP");
    }

    private static KeyEntry key(String name, KeyMetadata metadata) {
        return new KeyEntry(name, NOW, metadata, List.of(new KeyVersion(1, NOW, "test@host", "store")));
    }
}
