package io.keystash.bench.startup;

import io.keystash.vault.Secret;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.crypto.KdfParams;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.storage.SecureFiles;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.IdentityKey;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.Passphrase;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes everything the start-up harness launches against into one new folder (values are made up
 * for the benchmark, never real keys):
 * <ul>
 *   <li>{@code plain.env}: {@code VAR_0..VAR_19=value} lines, the environment of the runs without
 *       an agent;</li>
 *   <li>{@code small/}: a 20-key vault with a key file and an identity ({@code app.identity}) as
 *       members; profile {@code bench} binds the 20 keys to
 *       {@code VAR_0..19}; profile {@code spring} serves the Spring Boot fixture's
 *       {@code OPENAI_API_KEY} and {@code service.token};</li>
 *   <li>{@code passphrase/}: the same 20 keys behind a passphrase file and the default KDF;</li>
 *   <li>{@code keys-10/} and {@code keys-10000/}: 10 and 10,000 keys × 5 versions (the large one
 *       also with 100 profiles of 20 keys), key file, profile {@code bench} binding 10 keys;</li>
 *   <li>{@code dotenvx/.env}: the same 20 values, to be encrypted by {@code dotenvx encrypt}.</li>
 * </ul>
 * Usage: {@code Fixtures FOLDER}.
 */
public final class Fixtures {
    static final int KEYS = 20;
    static final int VERSIONS = 5;
    static final int SCALE_PROFILE_KEYS = 10;

    private Fixtures() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        SecureFiles.createPrivateFolder(root);
        StringBuilder env = new StringBuilder();
        for (int i = 0; i < KEYS; i++) {
            env.append("VAR_").append(i).append('=').append(value(i, 1)).append('\n');
        }
        Files.writeString(root.resolve("plain.env"), env, StandardCharsets.UTF_8);
        Files.createDirectories(root.resolve("dotenvx"));
        Files.writeString(root.resolve("dotenvx/.env"), env, StandardCharsets.UTF_8);

        try (KeyFileKey key = newKeyFile(root.resolve("small"))) {
            VaultStore store = VaultStore.at(VaultPaths.of(root.resolve("small/vault")));
            store.create(key, null);
            store.update(key, vault -> {
                fill(vault, KEYS, 1, KEYS);
                vault.createProfile("spring");
                vault.bind("spring", new Binding(keyName(0), "OPENAI_API_KEY", null));
                vault.bind("spring", new Binding(keyName(1), null, "service.token"));
                return null;
            });
            try (IdentityKey identity = IdentityKey.generate()) {
                identity.writeNew(root.resolve("small/app.identity"), java.time.Instant.now());
                store.update(key, vault -> vault.addMember("bench-identity", identity.recipient()));
            }
        }
        Path passphraseFolder = root.resolve("passphrase");
        SecureFiles.createPrivateFolder(passphraseFolder);
        String passphrase = "benchmark passphrase, not a secret";
        SecureFiles.writeNewPrivateFile(passphraseFolder.resolve("passphrase"), (passphrase + "\n").getBytes(StandardCharsets.UTF_8));
        VaultStore passStore = VaultStore.at(VaultPaths.of(passphraseFolder.resolve("vault")));
        passStore.create(new Passphrase(passphrase.toCharArray(), "benchmark"), KdfParams.defaultParams());
        passStore.update(new Passphrase(passphrase.toCharArray(), "benchmark"), vault -> fill(vault, KEYS, 1, KEYS));

        scaleVault(root.resolve("keys-10"), 10, 0);
        scaleVault(root.resolve("keys-10000"), 10_000, 100);
        System.out.println("fixtures written to " + root);
    }

    private static KeyFileKey newKeyFile(Path folder) throws VaultException {
        SecureFiles.createPrivateFolder(folder);
        KeyFileKey key = KeyFileKey.generate();
        key.writeNew(folder.resolve("app.key"));
        return key;
    }

    /** {@code keys} keys × {@link #VERSIONS} versions; {@code bench} binds the first 10; extra profiles of 20 keys. */
    private static void scaleVault(Path folder, int keys, int extraProfiles) throws VaultException {
        try (KeyFileKey key = newKeyFile(folder)) {
            VaultStore store = VaultStore.at(VaultPaths.of(folder.resolve("vault")));
            store.create(key, null);
            store.update(key, vault -> {
                fill(vault, keys, VERSIONS, SCALE_PROFILE_KEYS);
                for (int p = 0; p < extraProfiles; p++) {
                    String profile = String.format(Locale.ROOT, "profile-%03d", p);
                    vault.createProfile(profile);
                    for (int b = 0; b < KEYS; b++) {
                        vault.bind(profile, new Binding(keyName((p * KEYS + b) % keys), "VAR_" + b, null));
                    }
                }
                return null;
            });
        }
    }

    /** Stores {@code keys} keys with {@code versions} versions each; profile {@code bench} binds the first {@code bound}. */
    private static Object fill(Vault vault, int keys, int versions, int bound) throws VaultException {
        vault.createProfile("bench");
        KeyMetadata custom = KeyMetadata.builder().provider("custom").build();
        for (int i = 0; i < keys; i++) {
            vault.storeKey(keyName(i), custom, secret(value(i, 1)), "benchmark");
            for (int v = 2; v <= versions; v++) {
                vault.addVersion(keyName(i), secret(value(i, v)), "benchmark", "rotate");
            }
            if (i < bound) {
                vault.bind("bench", new Binding(keyName(i), "VAR_" + i, null));
            }
        }
        return null;
    }

    static String keyName(int i) {
        return "bench-key-" + i;
    }

    /** A made-up value: fixed-length, distinct per key and version, and the same in every fixture. */
    static String value(int key, int version) {
        return String.format(Locale.ROOT, "bench-value-%05d-v%d-0123456789abcdef0123456789", key, version);
    }

    private static Secret secret(String value) throws VaultException {
        return Secret.ofUtf8(value.getBytes(StandardCharsets.UTF_8));
    }
}
