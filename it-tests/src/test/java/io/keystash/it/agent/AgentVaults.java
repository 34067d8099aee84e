package io.keystash.it.agent;

import io.keystash.vault.Secret;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.crypto.Argon2idParams;
import io.keystash.vault.crypto.KdfParams;
import io.keystash.vault.crypto.Pbkdf2Params;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.Passphrase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The vaults the agent tests run against, made fresh in a folder with new random canary values:
 * a key-file vault, two passphrase vaults (cheap Argon2id, and PBKDF2 with the same passphrase),
 * a key file that opens neither, and a tampered copy of the key-file vault.
 *
 * <p>Profile {@code prod} (and {@code default}, the same bindings) binds:
 * {@code OPENAI_API_KEY} (variable and property {@code openai.api.key}), {@code AWS_ACCESS_KEY_ID},
 * {@code AWS_SECRET_ACCESS_KEY} (variables), {@code service.token} (property only).
 */
public final class AgentVaults {
    public static final String PROFILE = "prod";
    public static final String PASSPHRASE_PROFILE = "pp";

    public final Path folder;
    public final Path vault;
    public final Path keyFile;
    public final Path passphraseVault;
    /** As {@link #passphraseVault}, the same passphrase and profile, with PBKDF2 as its KDF. */
    public final Path pbkdf2Vault;
    public final Path passphraseFile;
    public final String passphrase;
    public final Path wrongKeyFile;
    public final Path tamperedVault;
    /** Binding name (variable or property) → the value stored for it. */
    public final Map<String, String> values = new LinkedHashMap<>();

    private AgentVaults(Path folder) {
        this.folder = folder;
        this.vault = folder.resolve("vault");
        this.keyFile = folder.resolve("app.key");
        this.passphraseVault = folder.resolve("pp.vault");
        this.pbkdf2Vault = folder.resolve("pbkdf2.vault");
        this.passphraseFile = folder.resolve("passphrase.txt");
        this.passphrase = "pp-" + random();
        this.wrongKeyFile = folder.resolve("wrong.key");
        this.tamperedVault = folder.resolve("tampered.vault");
    }

    public static AgentVaults create(Path folder) throws VaultException, IOException {
        AgentVaults vaults = new AgentVaults(folder);
        vaults.values.put("OPENAI_API_KEY", "sk-canary-" + random());
        vaults.values.put("openai.api.key", vaults.values.get("OPENAI_API_KEY"));
        vaults.values.put("AWS_ACCESS_KEY_ID", "AKIA" + random().substring(0, 16).toUpperCase(java.util.Locale.ROOT));
        vaults.values.put("AWS_SECRET_ACCESS_KEY", "aws-canary-" + random());
        vaults.values.put("service.token", "tok-canary-" + random());
        vaults.makeKeyFileVault();
        vaults.makePassphraseVaults();
        try (KeyFileKey other = KeyFileKey.generate()) {
            other.writeNew(vaults.wrongKeyFile);
        }
        byte[] bytes = Files.readAllBytes(vaults.vault);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(vaults.tamperedVault, bytes);
        return vaults;
    }

    /** The value stored for a binding name. */
    public String value(String name) {
        return values.get(name);
    }

    private void makeKeyFileVault() throws VaultException {
        try (KeyFileKey key = KeyFileKey.generate()) {
            key.writeNew(keyFile);
            VaultStore store = VaultStore.at(VaultPaths.of(vault));
            store.create(key, null);
            store.update(key, v -> {
                store(v, "openai", "OPENAI_API_KEY");
                store(v, "aws-id", "AWS_ACCESS_KEY_ID");
                store(v, "aws-secret", "AWS_SECRET_ACCESS_KEY");
                store(v, "service", "service.token");
                for (String profile : new String[] {PROFILE, "default"}) {
                    v.createProfile(profile);
                    v.bind(profile, new Binding("openai", "OPENAI_API_KEY", "openai.api.key"));
                    v.bind(profile, new Binding("aws-id", "AWS_ACCESS_KEY_ID", null));
                    v.bind(profile, new Binding("aws-secret", "AWS_SECRET_ACCESS_KEY", null));
                    v.bind(profile, new Binding("service", null, "service.token"));
                }
                v.createProfile("empty");
                return null;
            });
        }
    }

    private void makePassphraseVaults() throws VaultException, IOException {
        makePassphraseVault(passphraseVault, new Argon2idParams(8192, 1, 1));
        makePassphraseVault(pbkdf2Vault, new Pbkdf2Params(10_000));
        Files.writeString(passphraseFile, passphrase + "\n", StandardCharsets.UTF_8);
    }

    private void makePassphraseVault(Path file, KdfParams kdf) throws VaultException {
        Passphrase credential = new Passphrase(passphrase.toCharArray(), "test");
        VaultStore store = VaultStore.at(VaultPaths.of(file));
        store.create(credential, kdf);
        store.update(new Passphrase(passphrase.toCharArray(), "test"), v -> {
            store(v, "openai", "OPENAI_API_KEY");
            v.createProfile(PASSPHRASE_PROFILE);
            v.bind(PASSPHRASE_PROFILE, new Binding("openai", "OPENAI_API_KEY", null));
            return null;
        });
    }

    private void store(io.keystash.vault.Vault vault, String key, String binding) throws VaultException {
        vault.storeKey(key, KeyMetadata.builder().provider("custom").build(),
                Secret.ofUtf8(values.get(binding).getBytes(StandardCharsets.UTF_8)), "it@test");
    }

    private static String random() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
