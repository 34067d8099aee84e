package io.keystash.it.reliability;

import io.keystash.vault.Secret;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.crypto.Argon2idParams;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.Profile;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.Passphrase;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The writes the crash test's victim performs, numbered 0, 1, 2, …, and the state the vault must
 * be in after any prefix of them: each kind of write the CLI does (store, store --force, delete,
 * profile create and add-key, profile delete, passwd, keyfile create), through vault-core's
 * {@code VaultStore.update} as the CLI does it.
 *
 * <p>Rotation (backup + new version, through vault-core's Rotator) and import (many keys in one
 * write) have their own crash loop, {@link RotationImportOps}: they run through their own entry
 * points rather than inside one {@code VaultStore.update}.
 */
final class WriteOps {
    /** A key that exists from the start and gets new versions. */
    static final String SHARED = "shared";
    private static final Argon2idParams CHEAP_KDF = new Argon2idParams(8192, 1, 1);
    /** Key-file slots are permanent and a vault holds at most 32: only the first few ops add one. */
    private static final int LAST_KEY_FILE_OP = 300;

    enum Kind { STORE, NEW_VERSION, STORE_FORCE, DELETE, PROFILE_BIND, PROFILE_DELETE, PASSWD, KEYFILE }

    private WriteOps() {
    }

    static Kind kind(int op) {
        return switch (op % 5) {
            case 0 -> Kind.STORE;
            case 1 -> Kind.NEW_VERSION;
            case 2 -> op % 10 == 2 ? Kind.DELETE : Kind.STORE_FORCE;
            case 3 -> Kind.PROFILE_BIND;
            default -> op % 20 == 4 ? Kind.PASSWD : op % 40 == 14 && op <= LAST_KEY_FILE_OP ? Kind.KEYFILE : Kind.PROFILE_DELETE;
        };
    }

    /** Prepares a new vault: the shared key. */
    static void setUp(Vault vault) throws VaultException {
        vault.storeKey(SHARED, metadata(), secret("shared-init"), "crash@test");
    }

    /** Applies write number {@code op} to an unlocked vault (inside {@code VaultStore.update}). */
    static void apply(Vault vault, int op) throws VaultException {
        switch (kind(op)) {
            case STORE -> vault.storeKey("k" + op, metadata(), secret("value-" + op), "crash@test");
            case NEW_VERSION -> vault.addVersion(SHARED, secret("shared-" + op), "crash@test", "store --force");
            case STORE_FORCE -> vault.replaceKey("k" + (op - 2), metadata(), secret("replaced-" + op), "crash@test");
            case DELETE -> vault.deleteKey("k" + (op - 2));
            case PROFILE_BIND -> {
                vault.createProfile("p" + op);
                vault.bind("p" + op, new Binding(SHARED, "VAR_" + op, null));
            }
            case PROFILE_DELETE -> vault.deleteProfile("p" + (op - 1));
            case PASSWD -> {
                try (Passphrase passphrase = new Passphrase(passphrase(op).toCharArray(), "crash test")) {
                    vault.replacePassphrase(passphrase, CHEAP_KDF, true);
                }
            }
            case KEYFILE -> {
                try (KeyFileKey key = KeyFileKey.generate()) {
                    vault.addMember("kf-" + op, key);
                }
            }
        }
    }

    private static KeyMetadata metadata() throws VaultException {
        return KeyMetadata.builder().provider("custom").build();
    }

    static String passphrase(int op) {
        return "passphrase-" + op;
    }

    private static Secret secret(String value) throws VaultException {
        return Secret.ofUtf8(value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What a vault holds that the writes change: key → current value, the shared key's version
     * number, profile → bound variables, the number of key-file slots, the last passphrase set.
     */
    record State(Map<String, String> values, int sharedVersion, Map<String, List<String>> profiles,
                 int keyFileSlots, int passwdOp) {
        /** Read from an unlocked vault. {@code passwdOp} is not in the vault: the caller checks it. */
        static State of(Vault vault, int passwdOp) throws VaultException {
            Map<String, String> values = new TreeMap<>();
            for (String name : vault.keyNames()) {
                try (Secret value = vault.value(name)) {
                    values.put(name, value.reveal());
                }
            }
            Map<String, List<String>> profiles = new TreeMap<>();
            for (String name : vault.profileNames()) {
                Profile profile = vault.profile(name);
                List<String> vars = new ArrayList<>();
                for (Binding binding : profile.bindings()) {
                    vars.add(binding.key() + "->" + binding.env());
                }
                profiles.put(name, vars);
            }
            int keyFiles = 0;
            for (String slot : vault.slotDescriptions()) {
                keyFiles += slot.equals("key file") ? 1 : 0;
            }
            return new State(values, vault.key(SHARED).current().number(), profiles, keyFiles, passwdOp);
        }

        /** A short description for a failure message (counts only). */
        String describe() {
            return values.size() + " keys, shared v" + sharedVersion + ", " + profiles.size() + " profiles, "
                    + keyFileSlots + " key-file slots, passwd at op " + passwdOp;
        }
    }

    /** The state after writes {@code 0..count-1}, computed incrementally. */
    static final class Model {
        private final Map<String, String> values = new TreeMap<>();
        private final Map<String, List<String>> profiles = new TreeMap<>();
        private int sharedVersion = 1;
        private int keyFileSlots = 1;
        private int passwdOp = -1;
        private int count;

        Model() {
            values.put(SHARED, "shared-init");
        }

        int count() {
            return count;
        }

        State state() {
            Map<String, List<String>> profileCopy = new TreeMap<>();
            profiles.forEach((name, vars) -> profileCopy.put(name, List.copyOf(vars)));
            return new State(new TreeMap<>(values), sharedVersion, profileCopy, keyFileSlots, passwdOp);
        }

        /** Advances by one write. */
        void apply() {
            int op = count++;
            switch (kind(op)) {
                case STORE -> values.put("k" + op, "value-" + op);
                case NEW_VERSION -> {
                    values.put(SHARED, "shared-" + op);
                    sharedVersion++;
                }
                case STORE_FORCE -> values.put("k" + (op - 2), "replaced-" + op);
                case DELETE -> values.remove("k" + (op - 2));
                case PROFILE_BIND -> profiles.put("p" + op, List.of(SHARED + "->VAR_" + op));
                case PROFILE_DELETE -> profiles.remove("p" + (op - 1));
                case PASSWD -> passwdOp = op;
                case KEYFILE -> keyFileSlots++;
            }
        }
    }
}
