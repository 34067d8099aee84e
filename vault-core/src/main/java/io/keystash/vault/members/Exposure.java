package io.keystash.vault.members;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a removed member could have read: every key of the vault at the version it had when the
 * member was removed. A rekey stops them opening anything written afterwards, but values they
 * may have copied stay valid until the provider revokes them, so each key stays listed until it
 * has a newer version (or is deleted).
 *
 * @param member    the removed member's name
 * @param removed   when
 * @param removedBy who removed them
 * @param versions  key name → its current version at removal
 */
public record Exposure(String member, Instant removed, String removedBy, Map<String, Integer> versions) {
    public Exposure {
        versions = Map.copyOf(versions);
    }

    /** The keys still at (or below) the version the member could read, given each key's current version now. */
    public Map<String, Integer> unrotated(Map<String, Integer> currentVersions) {
        Map<String, Integer> left = new TreeMap<>();
        versions.forEach((key, version) -> {
            Integer now = currentVersions.get(key);
            if (now != null && now <= version) {
                left.put(key, version);
            }
        });
        return left;
    }
}
