package io.keystash.vault.state;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.format.Header;
import io.keystash.vault.format.VaultId;

import java.nio.file.Path;

/**
 * The rule that a machine never goes back to an older copy of a vault it has seen: a backup
 * copied over the vault, a stolen old file, a store serving a stale replica. Copying back the
 * vault from before a rotation would otherwise hand out the compromised old value, and the old
 * file is as authentic as the new one — only the generation tells them apart.
 */
public final class Freshness {
    private Freshness() {
    }

    /**
     * Refuses {@code header} (already authenticated) when this machine has opened a newer
     * generation of the same vault, or a format 3 vault at this path and this is a format 2 copy.
     * {@code acceptOlder} lets a deliberate restore through. Returns what this machine remembers
     * about the vault (its approvals among it), read once for both uses; null for a vault without
     * an id (format 2), about which nothing can be remembered.
     */
    public static VaultFacts check(Header header, Path vaultFile, StateFolder state, boolean acceptOlder) throws VaultException {
        VaultId id = header.vaultId();
        if (id == null) {
            if (!acceptOlder && state.vaultAt(vaultFile) != null) {
                throw older(vaultFile, "it is in an older format than the vault this machine opened at this path");
            }
            return null;
        }
        VaultFacts facts = state.read(id);
        long highest = facts.highestSeen();
        if (!acceptOlder && header.generation() < highest) {
            throw older(vaultFile, "generation " + header.generation() + " < " + highest);
        }
        return facts;
    }

    /** After a successful open by the CLI: remembers the generation (and the path of a format 3 vault). */
    public static void remember(Header header, Path vaultFile, StateFolder state) throws VaultException {
        VaultId id = header.vaultId();
        if (id == null) {
            return;
        }
        long generation = header.generation();
        if (state.read(id).highestSeen() < generation) {
            state.update(id, facts -> facts.seen(generation));
        }
        state.rememberPath(vaultFile, id);
    }

    private static VaultException older(Path vaultFile, String detail) {
        return new VaultException(Failure.OLDER, "vault " + vaultFile + " is older than a copy this machine has already opened ("
                + detail + "); restored from a backup? use --accept-older");
    }
}
