package io.keystash.vault.transfer;

import io.keystash.vault.Failure;
import io.keystash.vault.Secret;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyVersion;
import io.keystash.vault.model.Profile;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.Credential;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Opens the sealed part of an export ({@code secrets: sealed}) with the credential that opened the
 * source vault, and checks that the readable part says exactly what the sealed, authenticated
 * part says: an edited export is refused rather than half trusted.
 */
public final class SealedSecrets {
    private SealedSecrets() {
    }

    /**
     * The document's keys with their values from the sealed part. WRONG_KEY when the credential
     * opens none of the export's key slots; DAMAGED when the sealed part fails authentication or
     * disagrees with the readable part. The caller closes the result.
     */
    public static ExportDocument unseal(ExportDocument document, Credential credential, Path exportFile) throws VaultException {
        if (document.secrets() != SecretsMode.SEALED) {
            throw new IllegalArgumentException("the export has no sealed part");
        }
        VaultStore sealedStore = VaultStore.at(VaultPaths.of(exportFile));
        List<ExportedKey> keys = new ArrayList<>();
        try (Vault sealed = openSealedPart(sealedStore, document, credential, exportFile)) {
            List<KeyEntry> sealedKeys = sealed.keys();
            List<Profile> sealedProfiles = new ArrayList<>();
            for (String name : sealed.profileNames()) {
                sealedProfiles.add(sealed.profile(name));
            }
            List<KeyEntry> readableKeys = document.keys().stream().map(ExportedKey::entry).toList();
            if (!sealedKeys.equals(readableKeys) || !sealedProfiles.equals(document.profiles())) {
                throw new VaultException(Failure.DAMAGED, "export " + exportFile
                        + " was edited: its readable part does not match its sealed part");
            }
            for (KeyEntry entry : sealedKeys) {
                Map<Integer, Secret> values = new TreeMap<>();
                try {
                    for (KeyVersion version : entry.versions()) {
                        values.put(version.number(), sealed.value(entry.name(), version.number()));
                    }
                } catch (VaultException | RuntimeException e) {
                    values.values().forEach(Secret::close);
                    throw e;
                }
                keys.add(new ExportedKey(entry, values));
            }
            return new ExportDocument(document.exported(), SecretsMode.SEALED, keys, document.profiles(), null);
        } catch (VaultException | RuntimeException e) {
            keys.forEach(ExportedKey::close);
            throw e;
        }
    }

    /** The sealed part opened as the vault it is; damage is reported as the export's, not a vault's. */
    private static Vault openSealedPart(VaultStore sealedStore, ExportDocument document, Credential credential,
                                        Path exportFile) throws VaultException {
        try {
            return sealedStore.open(document.sealed(), credential);
        } catch (VaultException e) {
            if (e.failure() != Failure.DAMAGED) {
                throw e;
            }
            throw new VaultException(Failure.DAMAGED, "export " + exportFile
                    + " is damaged: its sealed secrets fail their integrity check (edited, cut or corrupted)");
        }
    }
}
