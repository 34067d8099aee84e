package io.keystash.it.reliability;

import io.keystash.vault.Secret;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.KeyVersion;
import io.keystash.vault.rotation.MetadataEdit;
import io.keystash.vault.rotation.RotationResult;
import io.keystash.vault.rotation.Rotator;
import io.keystash.vault.transfer.DotenvParser;
import io.keystash.vault.transfer.ImportSet;
import io.keystash.vault.transfer.Importer;
import io.keystash.vault.unlock.Credential;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The writes of the rotation-and-import crash test, numbered 0, 1, 2, …, as the CLI's
 * {@code rotate} and {@code import} do them: even numbers rotate the key {@value #ROTATED} through
 * vault-core's {@link Rotator} (backup, then a new version; the rotation's own audit entry), odd
 * numbers import a {@code .env} file of {@value #KEYS_PER_IMPORT} new variables through
 * {@link DotenvParser}, {@link ImportSet#ofDotenv} and {@link Importer} in one
 * {@code VaultStore.update} (one write, one audit entry). Also the state the vault must be in
 * after any prefix of them.
 */
final class RotationImportOps {
    /** The key that is rotated; it keeps every version, so every rotation can be checked. */
    static final String ROTATED = "rotated";
    static final int KEYS_PER_IMPORT = 12;
    static final String PROFILE = "imported";
    private static final int KEEP = 1000;

    private RotationImportOps() {
    }

    static boolean isRotation(int op) {
        return op % 2 == 0;
    }

    /** Prepares a new vault: the rotated key, keeping all its versions. */
    static void setUp(Vault vault) throws VaultException {
        vault.storeKey(ROTATED, KeyMetadata.builder().provider("custom").keep(KEEP).build(), secret("initial"), "crash@test");
    }

    /** The {@code .env} file imported by write {@code op}. */
    static byte[] dotenv(int op) {
        StringBuilder file = new StringBuilder("# import ").append(op).append('\n');
        for (int k = 0; k < KEYS_PER_IMPORT; k++) {
            file.append("I").append(op).append("_K").append(k).append("=\"").append(importedValue(op, k)).append("\"\n");
        }
        return file.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String importedValue(int op, int k) {
        return "imported-" + op + "-" + k;
    }

    private static String rotatedValue(int op) {
        return "rotated-" + op;
    }

    /** Performs write {@code op}: a rotation or an import, each committed (and audited) when this returns. */
    static void apply(VaultStore store, Rotator rotator, Credential credential, int op) throws VaultException {
        if (isRotation(op)) {
            RotationResult result = rotator.rotate(credential, ROTATED, secret(rotatedValue(op)), MetadataEdit.NONE);
            if (result.outcome() != RotationResult.Outcome.ROTATED) {
                throw new IllegalStateException("rotation " + op + " gave " + result.outcome() + ": " + result.message());
            }
            return;
        }
        try (ImportSet set = ImportSet.ofDotenv(DotenvParser.parse(dotenv(op)), PROFILE, Instant.now(Clock.systemUTC()),
                "crash@test")) {
            store.update(credential, AuditEvent.of("import").detail(set.keys().size() + " keys, 1 profile").profile(PROFILE),
                    vault -> Importer.apply(vault, set, false, "crash@test"));
        }
    }

    private static Secret secret(String value) throws VaultException {
        return Secret.ofUtf8(value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What the writes change: every version of the rotated key (number → value), every imported
     * key's value, and the profile's bound variables, in order.
     */
    record State(Map<Integer, String> rotatedVersions, Map<String, String> imported, List<String> bindings) {
        static State of(Vault vault) throws VaultException {
            Map<Integer, String> versions = new TreeMap<>();
            for (KeyVersion version : vault.key(ROTATED).versions()) {
                try (Secret value = vault.value(ROTATED, version.number())) {
                    versions.put(version.number(), value.reveal());
                }
            }
            Map<String, String> imported = new TreeMap<>();
            for (String name : vault.keyNames()) {
                if (!name.equals(ROTATED)) {
                    try (Secret value = vault.value(name)) {
                        imported.put(name, value.reveal());
                    }
                }
            }
            List<String> bindings = vault.findProfile(PROFILE)
                    .map(p -> p.bindings().stream().map(b -> b.key() + "->" + b.env()).toList()).orElse(List.of());
            return new State(versions, imported, bindings);
        }

        /** Counts only, for a failure message. */
        String describe() {
            return rotatedVersions.size() + " versions of " + ROTATED + ", " + imported.size() + " imported keys, "
                    + bindings.size() + " bindings";
        }
    }

    /** The state after writes {@code 0..count-1}, computed incrementally. */
    static final class Model {
        private final Map<Integer, String> versions = new TreeMap<>();
        private final Map<String, String> imported = new TreeMap<>();
        private final List<String> bindings = new java.util.ArrayList<>();
        private int count;

        Model() {
            versions.put(1, "initial");
        }

        int count() {
            return count;
        }

        State state() {
            return new State(new TreeMap<>(versions), new TreeMap<>(imported), List.copyOf(bindings));
        }

        void apply() {
            int op = count++;
            if (isRotation(op)) {
                versions.put(versions.size() + 1, rotatedValue(op));
            } else {
                for (int k = 0; k < KEYS_PER_IMPORT; k++) {
                    String name = "I" + op + "_K" + k;
                    imported.put(name, importedValue(op, k));
                    bindings.add(name + "->" + name);
                }
            }
        }
    }
}
