package io.keystash.vault.state;

import java.util.Map;
import java.util.TreeMap;

/**
 * What this machine remembers about one vault (by its id).
 *
 * @param highestSeen the highest generation of the vault opened here; an older one is refused
 * @param lastWritten the generation this machine last wrote (the audit log here should reach it)
 * @param approvals   key name → fingerprint of the commands and endpoints approved on this machine
 * @param sync        how the replica stands with its shared store, or null when it has none
 */
public record VaultFacts(long highestSeen, long lastWritten, Map<String, String> approvals, Sync sync) {
    public VaultFacts {
        approvals = new TreeMap<>(approvals);
    }

    public VaultFacts(long highestSeen, long lastWritten, Map<String, String> approvals) {
        this(highestSeen, lastWritten, approvals, null);
    }

    /**
     * The replica against its shared store, as of the last exchange that succeeded.
     *
     * @param store       which store: a short id of its address, so that another store's revisions are never mixed in
     * @param revision    the store's revision of the copy the replica was last made equal to
     * @param generation  the generation that copy had
     * @param syncedAt    when the replica was last known equal to the store's copy (epoch ms)
     * @param unpublished true when the replica holds a write made offline that the store does not have
     */
    public record Sync(String store, long revision, long generation, long syncedAt, boolean unpublished) {
        public Sync {
            if (store.isEmpty() || store.contains(" ") || store.contains("\n")) {
                throw new IllegalArgumentException("a store id is one word");
            }
        }
    }

    /** Nothing remembered yet. */
    public static VaultFacts none() {
        return new VaultFacts(0, 0, Map.of());
    }

    /** After opening {@code generation}. */
    public VaultFacts seen(long generation) {
        return new VaultFacts(Math.max(highestSeen, generation), lastWritten, approvals, sync);
    }

    /** After writing {@code generation}. */
    public VaultFacts written(long generation) {
        return new VaultFacts(Math.max(highestSeen, generation), Math.max(lastWritten, generation), approvals, sync);
    }

    /** With the replica's standing against its store replaced by {@code next}. */
    public VaultFacts synced(Sync next) {
        return new VaultFacts(highestSeen, lastWritten, approvals, next);
    }

    /** With {@code key}'s approval set to {@code fingerprint}, or removed when it is null. */
    public VaultFacts approving(String key, String fingerprint) {
        Map<String, String> next = new TreeMap<>(approvals);
        if (fingerprint == null) {
            next.remove(key);
        } else {
            next.put(key, fingerprint);
        }
        return new VaultFacts(highestSeen, lastWritten, next, sync);
    }

    /** With every approval of {@code changes} applied as by {@link #approving} (a null fingerprint removes). */
    public VaultFacts approvingAll(Map<String, String> changes) {
        Map<String, String> next = new TreeMap<>(approvals);
        changes.forEach((key, fingerprint) -> {
            if (fingerprint == null) {
                next.remove(key);
            } else {
                next.put(key, fingerprint);
            }
        });
        return new VaultFacts(highestSeen, lastWritten, next, sync);
    }
}
