package io.keystash.vault.session;

import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultReader;
import io.keystash.vault.format.Header;
import io.keystash.vault.format.VaultId;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.KeySlots;
import io.keystash.vault.unlock.SlotKey;

import java.time.Clock;

/**
 * What {@code keystash unlock} hands to the session it starts: the key of the credential's slot,
 * derived once, and checked by opening the vault with it as every reader does (file MAC,
 * freshness), so a session never starts on a wrong passphrase or a damaged vault.
 */
public final class SessionKeys {
    private SessionKeys() {
    }

    /** The slot key and the vault's id. */
    public record Prepared(SlotKey key, VaultId vaultId) {
    }

    /** Derives and checks; the caller closes the key (or hands it to the session). */
    public static Prepared prepare(VaultPaths paths, Credential credential, Clock clock) throws VaultException {
        Header header = VaultReader.readHeader(paths);
        SlotKey key = KeySlots.slotKey(header, credential);
        try (Vault opened = VaultReader.open(paths, key, clock)) {
            return new Prepared(key, header.vaultId());
        } catch (VaultException | RuntimeException e) {
            key.close();
            throw e;
        }
    }
}
