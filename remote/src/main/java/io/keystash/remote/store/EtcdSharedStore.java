package io.keystash.remote.store;

import io.keystash.remote.etcd.TxnResult;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.format.FileGroups;
import io.keystash.vault.format.MalformedException;
import io.keystash.vault.format.NewerFormatException;
import io.keystash.vault.format.VaultId;
import io.keystash.vault.sharing.Offer;
import io.keystash.vault.sharing.Outgoing;
import io.keystash.vault.sharing.SharedStore;
import io.keystash.vault.state.VaultFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Publishes each write of the CLI to etcd (see {@link SharedStore}). Three ways:
 * <ul>
 *   <li>{@code NORMAL}: the manifest is swapped only if it is still the one the replica was last
 *   made equal to; otherwise the store's newer copy is handed back, for the change to be checked
 *   against and run again;</li>
 *   <li>{@code OFFLINE} ({@code --offline}): the store is not asked; the replica is marked as
 *   holding an unpublished write, which {@code keystash push} publishes later;</li>
 *   <li>{@code REPLACE} ({@code push --force}): whatever the store holds is replaced, the new
 *   generation above the store's so that every replica accepts it.</li>
 * </ul>
 */
final class EtcdSharedStore implements SharedStore {
    enum Mode { NORMAL, OFFLINE, REPLACE }

    private static final Logger LOG = LoggerFactory.getLogger(EtcdSharedStore.class);

    private final SharedVault shared;
    private final SyncRecord sync;
    private final Mode mode;
    private Snapshot replaced;
    private VaultId vaultId;

    EtcdSharedStore(SharedVault shared, SyncRecord sync, Mode mode) {
        this.shared = shared;
        this.sync = sync;
        this.mode = mode;
    }

    @Override
    public long generationFloor() throws VaultException {
        if (mode != Mode.REPLACE) {
            return 0;
        }
        replaced = shared.snapshot("nothing was written");
        FileGroups remote = replaced.empty() ? null : decodeOrNull(replaced);
        return remote == null ? 0 : remote.header().generation();
    }

    /** What a write that could not reach the store says it left behind. */
    private static final String NOTHING_WRITTEN = "nothing was written (with --offline the change goes to this machine's"
            + " replica only, for keystash push to publish later)";

    @Override
    public Offer offer(Outgoing outgoing) throws VaultException {
        vaultId = outgoing.vaultId();
        if (mode == Mode.OFFLINE) {
            return new Offer.Deferred();
        }
        FileGroups groups = outgoing.file().groups();
        byte[] bytes = outgoing.file().toByteArray();
        StoreReader.LocalFile local = new StoreReader.LocalFile(groups, bytes);
        if (mode == Mode.REPLACE) {
            return replace(groups, bytes);
        }
        VaultFacts.Sync known = sync.read(vaultId);
        if (known != null && !known.unpublished() && known.revision() > 0) {
            Offer offer = swapFromKnownRevision(outgoing, groups, bytes, local, known.revision());
            if (offer != null) {
                return offer;
            }
        }
        Snapshot snapshot = shared.snapshot(NOTHING_WRITTEN);
        FileGroups remote = null;
        if (!snapshot.empty()) {
            remote = shared.decodeForWrite(snapshot);
            requireSameVault(remote);
            VaultFacts.Sync record = sync.read(vaultId);
            if (record == null || record.revision() != snapshot.manifestRevision()) {
                if (record != null && record.unpublished()) {
                    throw SharedVault.offlineChangesMeetNewerStore(record.generation());
                }
                return moved(remote, snapshot.revision(), snapshot.manifestRevision(), local);
            }
        }
        TxnResult result = shared.publish(groups, bytes, remote, snapshot.manifestRevision(), NOTHING_WRITTEN);
        if (result.succeeded()) {
            LOG.debug("published generation {} at revision {}", outgoing.generation(), result.revision());
            shared.removeReplaced(remote, groups);
            return new Offer.Published(result.revision());
        }
        if (result.current() == null) {
            throw new VaultException(Failure.BUSY, "the store's copy was removed during this write; nothing was written");
        }
        FileGroups now = shared.decodeForWrite(new Snapshot(result.current(), result.revision()));
        requireSameVault(now);
        return moved(now, result.revision(), result.current().modRevision(), local);
    }

    /**
     * The usual write: the replica equals the store's copy at {@code revision}, so the groups this
     * write did not rewrite are in the store already; the rewritten ones and the manifest go in one
     * compare-and-swap on that revision (when it fails, the store's current manifest comes back in
     * the same answer). Before it, the manifest's revision is read through the cluster, without its
     * bytes: a cluster that lost its quorum then refuses the write before it is sent, rather than
     * hold it, unconfirmed, to apply it later. Null when the store moved on or holds no manifest:
     * the caller reads it whole.
     */
    private Offer swapFromKnownRevision(Outgoing outgoing, FileGroups groups, byte[] bytes, StoreReader.LocalFile local,
                                        long revision) throws VaultException {
        if (shared.manifestRevision(NOTHING_WRITTEN) != revision) {
            return null;
        }
        boolean[] send = new boolean[FileGroups.GROUPS];
        for (int group = 0; group < FileGroups.GROUPS; group++) {
            send[group] = outgoing.file().rewritten(group);
        }
        TxnResult result = shared.publish(groups, bytes, send, revision, NOTHING_WRITTEN);
        if (result.succeeded()) {
            LOG.debug("published generation {} at revision {}", outgoing.generation(), result.revision());
            List<byte[]> goneDigests = new ArrayList<>();
            List<Long> goneSizes = new ArrayList<>();
            for (int group = 0; group < FileGroups.GROUPS; group++) {
                if (outgoing.file().replacedDigest(group) != null) {
                    goneDigests.add(outgoing.file().replacedDigest(group));
                    goneSizes.add(outgoing.file().replacedSize(group));
                }
            }
            shared.removeReplaced(goneDigests, goneSizes, groups);
            return new Offer.Published(result.revision());
        }
        if (result.current() == null) {
            return null;
        }
        FileGroups now = shared.decodeForWrite(new Snapshot(result.current(), result.revision()));
        requireSameVault(now);
        return moved(now, result.revision(), result.current().modRevision(), local);
    }

    private Offer replace(FileGroups groups, byte[] bytes) throws VaultException {
        Snapshot snapshot = replaced != null ? replaced : shared.snapshot("nothing was written");
        FileGroups remote = snapshot.empty() ? null : decodeOrNull(snapshot);
        TxnResult result = shared.publish(groups, bytes, remote, snapshot.manifestRevision(), "nothing was written");
        if (!result.succeeded()) {
            throw new VaultException(Failure.BUSY, "the store changed during push --force; nothing was written (try again)");
        }
        shared.removeReplaced(remote, groups);
        return new Offer.Published(result.revision());
    }

    private Offer moved(FileGroups remote, long readRevision, long manifestRevision, StoreReader.LocalFile local)
            throws VaultException {
        return new Offer.Moved(shared.assemble(remote, readRevision, local, "nothing was written"), manifestRevision);
    }

    private void requireSameVault(FileGroups remote) throws VaultException {
        if (!vaultId.equals(remote.header().vaultId())) {
            throw new VaultException(Failure.CONFLICT, "the store " + shared.url() + " holds another vault (id "
                    + remote.header().vaultId() + ") than this replica (id " + vaultId + "); nothing was written"
                    + " (keystash push --force replaces the store's copy with this one)");
        }
    }

    private static FileGroups decodeOrNull(Snapshot snapshot) {
        try {
            return snapshot.groups();
        } catch (MalformedException | NewerFormatException e) {
            return null;
        }
    }

    @Override
    public void settled(long generation, Offer offer) throws VaultException {
        if (LOG.isDebugEnabled() && !(offer instanceof Offer.Deferred)) {
            LOG.debug("write of generation {}: {} bytes sent, {} received, {} requests to {}", generation, shared.bytesSent(),
                    shared.bytesReceived(), shared.requests(), shared.url());
        }
        if (offer instanceof Offer.Published published) {
            sync.equal(vaultId, published.revision(), generation);
        } else if (offer instanceof Offer.Moved moved) {
            sync.equal(vaultId, moved.revision(), generation);
        } else {
            sync.unpublished(vaultId);
        }
    }
}
