package io.keystash.vault.state;

import java.util.Map;
import java.util.TreeMap;

/**
 * What this machine remembers about one vault (by its id).
 *
 * @param highestSeen the highest generation of the vault opened here; an older one is refused
 * @param lastWritten the generation this machine last wrote (the audit log here should reach it)
 * @param approvals   key name → fingerprint of the commands and endpoints approved on this machine
 */
public record VaultFacts(long highestSeen, long lastWritten, Map<String, String> approvals) {
    public VaultFacts {
        approvals = new TreeMap<>(approvals);
    }

    /** Nothing remembered yet. */
    public static VaultFacts none() {
        return new VaultFacts(0, 0, Map.of());
    }

    /** After opening {@code generation}. */
    public VaultFacts seen(long generation) {
        return new VaultFacts(Math.max(highestSeen, generation), lastWritten, approvals);
    }

    /** After writing {@code generation}. */
    public VaultFacts written(long generation) {
        return new VaultFacts(Math.max(highestSeen, generation), Math.max(lastWritten, generation), approvals);
    }

    /** With {@code key}'s approval set to {@code fingerprint}, or removed when it is null. */
    public VaultFacts approving(String key, String fingerprint) {
        Map<String, String> next = new TreeMap<>(approvals);
        if (fingerprint == null) {
            next.remove(key);
        } else {
            next.put(key, fingerprint);
        }
        return new VaultFacts(highestSeen, lastWritten, next);
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
        return new VaultFacts(highestSeen, lastWritten, next);
    }
}
