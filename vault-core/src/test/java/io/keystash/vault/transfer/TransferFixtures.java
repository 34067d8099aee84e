package io.keystash.vault.transfer;

import io.keystash.vault.Secret;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.crypto.Argon2idParams;
import io.keystash.vault.crypto.KdfParams;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.KeyVersion;
import io.keystash.vault.model.RateLimit;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.Passphrase;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Vaults for import/export tests: a rich source vault and an empty target, unlocked differently. */
final class TransferFixtures {
    static final KdfParams FAST_KDF = new Argon2idParams(64, 1, 1);
    static final String SOURCE_PASSPHRASE = "source passphrase";
    static final String TARGET_PASSPHRASE = "another passphrase";

    private TransferFixtures() {
    }

    static Passphrase passphrase(String text) {
        return new Passphrase(text.toCharArray(), "test passphrase");
    }

    static Secret secret(String text) throws VaultException {
        return Secret.ofUtf8(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code dir/source/vault}, opened by {@code dir/source.key} and by {@link #SOURCE_PASSPHRASE}. */
    static VaultStore sourceVault(Path dir) throws VaultException {
        VaultStore store = VaultStore.at(VaultPaths.of(dir.resolve("source/vault")));
        try (KeyFileKey key = KeyFileKey.generate(); Passphrase passphrase = passphrase(SOURCE_PASSPHRASE)) {
            key.writeNew(dir.resolve("source.key"));
            store.create(List.of(key, passphrase), FAST_KDF);
        }
        try (KeyFileKey key = sourceKey(dir)) {
            store.update(key, TransferFixtures::fill);
        }
        return store;
    }

    static KeyFileKey sourceKey(Path dir) throws VaultException {
        return KeyFileKey.read(dir.resolve("source.key"));
    }

    /** {@code dir/target/vault}, opened by {@link #TARGET_PASSPHRASE} only. */
    static VaultStore targetVault(Path dir) throws VaultException {
        VaultStore store = VaultStore.at(VaultPaths.of(dir.resolve("target/vault")));
        try (Passphrase passphrase = passphrase(TARGET_PASSPHRASE)) {
            store.create(passphrase, FAST_KDF);
        }
        return store;
    }

    /** Every metadata field set, three versions, two profiles (one empty), a multi-line value. */
    private static Void fill(Vault vault) throws VaultException {
        KeyMetadata full = KeyMetadata.builder()
                .provider("openai").description("prod key — ünïcode").tags(List.of("prod", "team:ml"))
                .endpoint("https://api.example.com/v1").rateLimit(RateLimit.parse("60/min"))
                .settings(Map.of("OPENAI_ORG_ID", "org-1")).expires(LocalDate.of(2031, 1, 31))
                .rotateEveryDays(90).env("OPENAI_API_KEY").property("openai.key").keep(5)
                .rotateCommand("./new-key.sh").validateCommand("./check.sh").build();
        vault.storeKey("openai", full, secret("sk-first-value-aaaaaaaaaaaaaaaa"), "alice@laptop");
        vault.addVersion("openai", secret("sk-second-value-bbbbbbbbbbbbbbb"), "alice@laptop", "rotate");
        vault.addVersion("openai", secret("sk-third-value-ccccccccccccccccc"), "bob@ci", "rollback from 1");
        vault.storeKey("db.password", KeyMetadata.builder().env("DB_PASSWORD").build(),
                secret("multi\nline 'quoted' \"value\" $HOME \\"), "alice@laptop");
        vault.createProfile("dev");
        vault.bind("dev", new Binding("openai", "OPENAI_API_KEY", "openai.key"));
        vault.bind("dev", new Binding("db.password", "DB_PASSWORD", null));
        vault.createProfile("empty");
        return null;
    }

    static ExportDocument export(VaultStore store, Credential credential, SecretsMode mode) throws VaultException {
        try (Vault vault = store.open(credential)) {
            return Exporter.export(vault, mode, Instant.parse("2030-05-06T07:08:09Z"));
        }
    }

    static byte[] exportBytes(VaultStore store, Credential credential, SecretsMode mode, TransferFormat format)
            throws VaultException {
        try (ExportDocument document = export(store, credential, mode)) {
            return ExportWriter.write(document, format);
        }
    }

    /** Every key and, by version, the SHA-256 of each value (for comparing vaults without printing a value). */
    static Map<String, Map<Integer, String>> valueFingerprints(Vault vault) throws VaultException {
        Map<String, Map<Integer, String>> out = new TreeMap<>();
        for (KeyEntry key : vault.keys()) {
            Map<Integer, String> versions = new TreeMap<>();
            for (KeyVersion version : key.versions()) {
                try (Secret value = vault.value(key.name(), version.number())) {
                    versions.put(version.number(), fingerprint(value.revealUtf8()));
                }
            }
            out.put(key.name(), versions);
        }
        return out;
    }

    static String fingerprint(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
