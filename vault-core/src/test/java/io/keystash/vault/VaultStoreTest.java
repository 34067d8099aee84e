package io.keystash.vault;

import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.profile.ResolvedProfile;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.Passphrase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.keystash.vault.TestVaults.FAST_KDF;
import static io.keystash.vault.TestVaults.custom;
import static io.keystash.vault.TestVaults.keyFile;
import static io.keystash.vault.TestVaults.keyFileVault;
import static io.keystash.vault.TestVaults.passphrase;
import static io.keystash.vault.TestVaults.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VaultStoreTest {
    @TempDir
    Path dir;

    @Test
    void storedKeySurvivesReopenWithItsMetadataAndValue() throws Exception {
        VaultStore store = keyFileVault(dir);
        KeyMetadata metadata = KeyMetadata.builder().provider("openai").description("prod key")
                .tags(List.of("team-a", "prod")).setting("OPENAI_ORG_ID", "org-1").env("OPENAI_API_KEY").build();
        try (KeyFileKey key = keyFile(dir)) {
            store.update(key, vault -> vault.storeKey("openai", metadata, secret("sk-first"), "tester@host"));
        }
        try (KeyFileKey key = keyFile(dir); Vault vault = store.open(key)) {
            KeyEntry entry = vault.key("openai");
            assertThat(entry.metadata()).isEqualTo(metadata);
            assertThat(entry.current().number()).isEqualTo(1);
            assertThat(entry.current().createdBy()).isEqualTo("tester@host");
            try (Secret value = vault.value("openai"); Secret expected = secret("sk-first")) {
                assertThat(value.sameValueAs(expected)).isTrue();
            }
        }
    }

    @Test
    void passphraseVaultOpensOnlyWithItsPassphrase() throws Exception {
        VaultStore store = VaultStore.at(VaultPaths.of(dir.resolve("vault")));
        try (Passphrase pass = passphrase("correct horse")) {
            store.create(pass, FAST_KDF);
        }
        try (Passphrase right = passphrase("correct horse"); Vault vault = store.open(right)) {
            assertThat(vault.keyNames()).isEmpty();
        }
        try (Passphrase wrong = passphrase("wrong horse")) {
            assertThatThrownBy(() -> store.open(wrong))
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.WRONG_KEY))
                    .hasMessageStartingWith("wrong passphrase or key");
        }
    }

    @Test
    void profileResolvesToBindingsAndProviderSettings() throws Exception {
        VaultStore store = keyFileVault(dir);
        try (KeyFileKey key = keyFile(dir)) {
            store.update(key, vault -> {
                vault.storeKey("aws-prod", KeyMetadata.builder().provider("aws")
                        .setting("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE").setting("AWS_REGION", "eu-west-1").build(),
                        secret("aws-secret-value"), "t");
                vault.storeKey("other", custom(), secret("unbound-value"), "t");
                vault.createProfile("prod");
                vault.bind("prod", new Binding("aws-prod", "AWS_SECRET_ACCESS_KEY", "aws.secretAccessKey"));
                return null;
            });
            ResolvedProfile resolved = store.open(key).resolveProfile("prod");
            assertThat(resolved.environment()).containsOnlyKeys("AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_REGION");
            assertThat(resolved.environment().get("AWS_SECRET_ACCESS_KEY")).isEqualTo("aws-secret-value");
            assertThat(resolved.properties()).containsOnlyKeys("aws.secretAccessKey", "aws.accessKeyId", "aws.region");
            assertThat(resolved.toString()).doesNotContain("aws-secret-value");
        }
    }

    @Test
    void vaultFileHoldsNoNameOrValueInClear() throws Exception {
        VaultStore store = keyFileVault(dir);
        try (KeyFileKey key = keyFile(dir)) {
            store.update(key, vault -> {
                vault.storeKey("visible-name-check", custom(), secret("visible-value-check"), "t");
                vault.createProfile("visible-profile-check");
                return null;
            });
        }
        String file = new String(Files.readAllBytes(dir.resolve("vault")), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(file).doesNotContain("visible-");
    }
}
