package io.keystash.remote.store;

import io.keystash.remote.etcd.KeyValue;
import io.keystash.vault.format.FileGroups;
import io.keystash.vault.format.MalformedException;
import io.keystash.vault.format.NewerFormatException;

/**
 * The store's manifest as read at one moment.
 *
 * @param manifest the manifest key, or null when the store holds no vault
 * @param revision the store's revision at the read: the groups it names are read at this revision,
 *                 so a write that removes them meanwhile does not break the read
 */
record Snapshot(KeyValue manifest, long revision) {
    boolean empty() {
        return manifest == null;
    }

    /** The manifest's own revision: what a compare-and-swap compares (0 when there is none). */
    long manifestRevision() {
        return manifest == null ? 0 : manifest.modRevision();
    }

    FileGroups groups() throws MalformedException, NewerFormatException {
        return Manifest.decode(manifest.value());
    }
}
