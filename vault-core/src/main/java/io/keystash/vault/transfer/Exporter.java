package io.keystash.vault.transfer;

import io.keystash.vault.Secret;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyVersion;
import io.keystash.vault.model.Profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Takes the whole content of an unlocked vault as an {@link ExportDocument}. */
public final class Exporter {
    private Exporter() {
    }

    /**
     * Every key (with every kept version) and every profile. With {@link SecretsMode#SEALED} the
     * values travel in {@link Vault#sealedCopy}; with PLAINTEXT they are in the document. The
     * caller closes the document.
     */
    public static ExportDocument export(Vault vault, SecretsMode secrets, Instant now) throws VaultException {
        List<ExportedKey> keys = new ArrayList<>();
        try {
            for (KeyEntry entry : vault.keys()) {
                keys.add(new ExportedKey(entry, secrets == SecretsMode.PLAINTEXT ? values(vault, entry) : null));
            }
            List<Profile> profiles = new ArrayList<>();
            for (String name : vault.profileNames()) {
                profiles.add(vault.profile(name));
            }
            byte[] sealed = secrets == SecretsMode.SEALED ? vault.sealedCopy(vault.keyNames(), vault.profileNames()) : null;
            return new ExportDocument(now, secrets, keys, profiles, sealed);
        } catch (VaultException | RuntimeException e) {
            keys.forEach(ExportedKey::close);
            throw e;
        }
    }

    private static Map<Integer, Secret> values(Vault vault, KeyEntry entry) throws VaultException {
        Map<Integer, Secret> values = new TreeMap<>();
        try {
            for (KeyVersion version : entry.versions()) {
                values.put(version.number(), vault.value(entry.name(), version.number()));
            }
            return values;
        } catch (VaultException | RuntimeException e) {
            values.values().forEach(Secret::close);
            throw e;
        }
    }
}
