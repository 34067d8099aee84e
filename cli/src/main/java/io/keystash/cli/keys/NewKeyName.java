package io.keystash.cli.keys;

import io.keystash.vault.Failure;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.model.Names;

/**
 * A name about to be given to a new key: free, or refused with the exact command that replaces
 * the key instead. Checked before a value is asked for, and again in the write itself.
 */
public final class NewKeyName {
    private NewKeyName() {
    }

    /** Refuses {@code name} when {@code vault} has a key of that name, naming {@code replaceCommand}. */
    public static void require(Vault vault, String name, String replaceCommand) throws VaultException {
        try {
            vault.requireNewKeyName(name);
        } catch (VaultException e) {
            if (e.failure() != Failure.ALREADY_EXISTS) {
                throw e;
            }
            throw new VaultException(Failure.ALREADY_EXISTS, "key " + Names.quote(name)
                    + " already exists; replace it (its history is kept) with: " + replaceCommand);
        }
    }
}
