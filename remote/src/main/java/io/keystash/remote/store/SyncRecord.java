package io.keystash.remote.store;

import io.keystash.vault.VaultException;
import io.keystash.vault.format.VaultId;
import io.keystash.vault.state.StateFolder;
import io.keystash.vault.state.VaultFacts;

import java.time.Clock;

/**
 * The replica's standing against one store, kept with what the machine remembers of the vault
 * ({@code KEYSTASH_HOME/state/}): the store revision and generation it was last made equal to,
 * when, and whether it holds a write made offline. A record made for another store counts as none.
 */
final class SyncRecord {
    private final StateFolder state;
    private final String storeId;
    private final Clock clock;

    SyncRecord(StateFolder state, String storeId, Clock clock) {
        this.state = state;
        this.storeId = storeId;
        this.clock = clock;
    }

    /** The record for this store, or null. */
    VaultFacts.Sync read(VaultId id) throws VaultException {
        VaultFacts.Sync sync = id == null ? null : state.read(id).sync();
        return sync != null && sync.store().equals(storeId) ? sync : null;
    }

    /** The replica equals the store's copy at {@code revision}, of {@code generation}, as of now. */
    void equal(VaultId id, long revision, long generation) throws VaultException {
        long now = clock.millis();
        state.update(id, facts -> facts.synced(new VaultFacts.Sync(storeId, revision, generation, now, false)));
    }

    /** The replica got a write the store does not have; what it was last equal to stays. */
    void unpublished(VaultId id) throws VaultException {
        state.update(id, facts -> {
            VaultFacts.Sync before = facts.sync() != null && facts.sync().store().equals(storeId) ? facts.sync() : null;
            return facts.synced(before == null ? new VaultFacts.Sync(storeId, -1, 0, 0, true)
                    : new VaultFacts.Sync(storeId, before.revision(), before.generation(), before.syncedAt(), true));
        });
    }
}
