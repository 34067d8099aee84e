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
     * about the vault (its highest generation seen and its approvals), read once for every use;
     * null for a vault without an id (format 2), about which nothing can be remembered.
     */
    public static VaultFacts check(Header header, Path vaultFile, StateFolder state, boolean acceptOlder) throws VaultException {
        VaultFacts facts = header.vaultId() == null ? null : state.read(header.vaultId());
        String older = older(header, vaultFile, state, facts == null ? 0 : facts.highestSeen());
        if (older != null && !acceptOlder) {
            throw new VaultException(Failure.OLDER, "vault " + vaultFile + " is older than a copy this machine has already opened ("
                    + older + "); if you restored it on purpose, say so with --accept-older, e.g.: keystash --accept-older list");
        }
        return facts;
    }

    /**
     * Why {@code header} is older than what this machine has seen of the vault ({@code generation 5
     * < 9}), or null when it is not.
     */
    public static String olderThanSeen(Header header, Path vaultFile, StateFolder state) throws VaultException {
        return older(header, vaultFile, state, highestSeen(header, state));
    }

    private static String older(Header header, Path vaultFile, StateFolder state, long highest) throws VaultException {
        if (header.vaultId() == null) {
            return state.vaultAt(vaultFile) != null
                    ? "it is in an older format than the vault this machine opened at this path" : null;
        }
        return header.generation() < highest ? "generation " + header.generation() + " < " + highest : null;
    }

    /**
     * As {@link #remember}, for a reader that must not fail for it (the agent): only when {@code
     * header} is newer than what {@code highestSeen} says this machine knew, and only in an
     * existing home (the agent creates no {@code KEYSTASH_HOME}; it creates {@code state/} in it).
     * False when nothing was written (not newer, no home, or the state cannot be written).
     */
    public static boolean rememberIfNewer(Header header, Path vaultFile, StateFolder state, Path home, long highestSeen) {
        if (header.vaultId() == null || header.generation() <= highestSeen || !java.nio.file.Files.isDirectory(home)) {
            return false;
        }
        try {
            remember(header, vaultFile, state);
            return true;
        } catch (VaultException | RuntimeException e) {
            return false;
        }
    }

    /** The highest generation of this header's vault that this machine has seen (0 for none or no id). */
    public static long highestSeen(Header header, StateFolder state) throws VaultException {
        return header.vaultId() == null ? 0 : state.read(header.vaultId()).highestSeen();
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

}
