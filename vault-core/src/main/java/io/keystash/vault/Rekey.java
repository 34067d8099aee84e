package io.keystash.vault;

import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.format.RecordId;
import io.keystash.vault.format.RecordKind;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyVersion;

import java.util.Arrays;

/**
 * A new data key for a vault: every record opened under the old key and sealed under the new one
 * (record ids change too, since they come from the data key), and every member's slot re-wrapped.
 *
 * <p>Why the whole vault: removing a member or a passphrase must also stop it opening anything
 * written afterwards when combined with an older copy of the file — a header kept from before
 * grafted onto the new records. Re-wrapping the same data key would leave that open.
 */
final class Rekey {
    private Rekey() {
    }

    /** Rekeys {@code vault} in memory for the write at {@code generation}. */
    static void of(Vault vault, long generation) throws VaultException {
        SealedRecords old = vault.records();
        DataKey oldKey = vault.dataKey();
        DataKey newKey = DataKey.generate();
        SealedRecords fresh = new SealedRecords(newKey, null, old.asRead());
        try {
            int copied = 0;
            copied += copy(old, fresh, RecordKind.CATALOG, "");
            for (String name : vault.keyNames()) {
                copied += copy(old, fresh, RecordKind.KEY, name);
                KeyEntry key = vault.key(name);
                for (KeyVersion version : key.versions()) {
                    copied += copy(old, fresh, old.valueId(name, version.number()), fresh.valueId(name, version.number()));
                }
            }
            for (String name : vault.profileNames()) {
                copied += copy(old, fresh, RecordKind.PROFILE, name);
            }
            copied += copy(old, fresh, RecordKind.MEMBERS, "");
            copied += copy(old, fresh, RecordKind.EXPOSURES, "");
            copied += copy(old, fresh, RecordKind.AUDIT_KEYS, "");
            copied += copy(old, fresh, RecordKind.WRITER, "");
            int total = old.count();
            if (copied != total) {
                throw new VaultException(Failure.DAMAGED, "vault holds " + (total - copied)
                        + " records that no key, profile or member refers to; nothing was changed");
            }
            vault.membership().rekeyTo(oldKey, newKey, generation);
        } catch (VaultException | RuntimeException e) {
            fresh.close();
            newKey.close();
            throw e;
        }
        vault.replaceKey(newKey, fresh);
    }

    private static int copy(SealedRecords from, SealedRecords to, RecordKind kind, String name) throws VaultException {
        return copy(from, to, from.id(kind, name), to.id(kind, name));
    }

    private static int copy(SealedRecords from, SealedRecords to, RecordId fromId, RecordId toId) throws VaultException {
        byte[] plaintext = from.open(fromId);
        if (plaintext == null) {
            return 0;
        }
        try {
            to.put(toId, plaintext);
            return 1;
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
