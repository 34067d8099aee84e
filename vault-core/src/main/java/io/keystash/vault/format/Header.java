package io.keystash.vault.format;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The clear part of a vault: format version, the vault's id and generation, and the key slots.
 * Authenticated by the file MAC, and checksummed so that accidental damage is told apart from a
 * wrong passphrase.
 *
 * @param minor      minor format version the file was written with
 * @param vaultId    the vault's identity, or null for a format 1 or 2 file (which has none)
 * @param generation how many times the vault was written since it got its id (0 for format 1 and 2);
 *                   every write makes it larger, so an older copy is recognised
 * @param slots      one or more ways to unlock, with distinct ids and at most one passphrase slot
 */
public record Header(int minor, VaultId vaultId, long generation, List<KeySlot> slots) {
    /**
     * At most one slot derives its key from a passphrase, as age allows one scrypt stanza: a
     * hostile header with many costly passphrase slots would make every unlock run the KDF once
     * per slot. Key files and identities cost one X25519 agreement each.
     */
    public static final int MAX_PASSPHRASE_SLOTS = 1;

    public Header {
        slots = List.copyOf(slots);
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("a vault needs at least one key slot");
        }
        if (generation < 0) {
            throw new IllegalArgumentException("a generation is never negative");
        }
        String problem = problem(slots);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** What is wrong with a list of slots, or null: repeated ids, more than one passphrase slot. */
    static String problem(List<KeySlot> slots) {
        Set<Long> ids = new HashSet<>();
        int passphrases = 0;
        for (KeySlot slot : slots) {
            if (!ids.add(slot.id())) {
                return "two key slots share the id " + Long.toHexString(slot.id());
            }
            if (slot.kind() == SlotKind.PASSPHRASE) {
                passphrases++;
            }
        }
        return passphrases > MAX_PASSPHRASE_SLOTS ? passphrases + " passphrase slots (at most "
                + MAX_PASSPHRASE_SLOTS + " is allowed)" : null;
    }
}
