package io.keystash.vault.model;

import java.time.Instant;
import java.util.List;

/**
 * A key as listed: its name, metadata and versions (oldest first), never a value.
 *
 * @param name     the key's name
 * @param created  when the key was first stored
 * @param metadata provider, bindings defaults, expiry…
 * @param versions kept versions, oldest first; the last is current
 */
public record KeyEntry(String name, Instant created, KeyMetadata metadata, List<KeyVersion> versions) {
    public KeyEntry {
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("a key has at least one version");
        }
    }

    /** The version served to programs. */
    public KeyVersion current() {
        return versions.get(versions.size() - 1);
    }

    /** When the current value was set: the last rotation, or the first store. */
    public Instant lastChanged() {
        return current().created();
    }
}
