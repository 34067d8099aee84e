package io.keystash.vault.rotation;

import io.keystash.vault.VaultException;
import io.keystash.vault.model.KeyMetadata;

/**
 * A change of a key's metadata made together with a rotation ({@code rotate NAME --keep 5
 * --rotate-command CMD}), so that the new version and the new settings are written, backed up
 * and audited as one change.
 */
@FunctionalInterface
public interface MetadataEdit {
    /** Leaves the metadata as the rotation made it. */
    MetadataEdit NONE = metadata -> metadata;

    /**
     * The metadata to store, given the key's metadata with its expiry already recomputed from the
     * rotation period. An invalid result is an INVALID_INPUT failure.
     */
    KeyMetadata apply(KeyMetadata recomputed) throws VaultException;
}
