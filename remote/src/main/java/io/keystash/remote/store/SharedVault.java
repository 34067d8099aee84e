package io.keystash.remote.store;

import io.keystash.remote.config.RemoteSettings;
import io.keystash.remote.etcd.EtcdClient;
import io.keystash.remote.etcd.EtcdException;
import io.keystash.remote.etcd.KeyValue;
import io.keystash.remote.etcd.TxnResult;
import io.keystash.remote.etcd.Watch;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.format.FileGroups;
import io.keystash.vault.format.MalformedException;
import io.keystash.vault.format.NewerFormatException;
import io.keystash.vault.format.VaultId;
import io.keystash.vault.sharing.LastWrite;
import io.keystash.vault.sharing.SharedStore;
import io.keystash.vault.state.StateFolder;
import io.keystash.vault.state.VaultFacts;
import io.keystash.vault.unlock.Credential;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * A machine's replica and the etcd store it follows: what the CLI's {@code push}, {@code pull},
 * {@code sync} and {@code remote status} do, and the {@link SharedStore} its writes publish
 * through. Every exchange that leaves the replica equal to the store's copy is remembered
 * ({@link SyncRecord}), which is what {@code remote status} and the agent's {@code max-age} read.
 */
public final class SharedVault {
    private static final Logger LOG = LoggerFactory.getLogger(SharedVault.class);

    private final RemoteSettings settings;
    private final EtcdClient client;
    private final StoreReader reader;
    private final StoreWriter writer;
    private final Clock clock;

    private SharedVault(RemoteSettings settings, EtcdClient client, Clock clock) {
        this.settings = settings;
        this.client = client;
        StoreKeys keys = new StoreKeys(settings.prefix());
        this.reader = new StoreReader(client, keys);
        this.writer = new StoreWriter(client, keys);
        this.clock = clock;
    }

    /** The store {@code settings} names; nothing is sent until an operation needs it. */
    public static SharedVault of(RemoteSettings settings) {
        return new SharedVault(settings, EtcdClient.of(settings.connection()), Clock.systemUTC());
    }

    public String url() {
        return settings.url();
    }

    /** Bytes of requests sent so far (what an operation cost on the wire). */
    public long bytesSent() {
        return client.bytesSent();
    }

    /** Bytes of answers received so far. */
    public long bytesReceived() {
        return client.bytesReceived();
    }

    /** Requests sent so far. */
    public long requests() {
        return client.requests();
    }

    /**
     * What the writes of a replica whose machine keeps {@code state} publish through;
     * {@code offline}: nothing is sent, the replica is marked as holding an unpublished write.
     */
    public SharedStore forWrites(StateFolder state, boolean offline) {
        return new EtcdSharedStore(this, new SyncRecord(state, settings.storeId(), clock),
                offline ? EtcdSharedStore.Mode.OFFLINE : EtcdSharedStore.Mode.NORMAL);
    }

    /** For {@code push --force}: a write that replaces whatever the store holds. */
    public SharedStore replacing(StateFolder state) {
        return new EtcdSharedStore(this, new SyncRecord(state, settings.storeId(), clock), EtcdSharedStore.Mode.REPLACE);
    }

    private SyncRecord record(VaultStore store) {
        return new SyncRecord(store.state(), settings.storeId(), clock);
    }

    // ---- pull ----------------------------------------------------------------------------------

    /** What a pull did. */
    public enum PullOutcome {
        /** The replica got the store's newer copy. */
        PULLED,
        /** The replica already equalled the store's copy. */
        UP_TO_DATE,
        /** The replica holds an offline write the store does not have, and the store has not moved: push it. */
        UNPUBLISHED
    }

    /**
     * @param outcome    what happened
     * @param generation the replica's generation now
     * @param before     its generation before (0: there was no replica)
     * @param lastWrite  who wrote the copy pulled, when known
     * @param revision   the store's revision of the copy the replica now equals (or is ahead of)
     */
    public record Pulled(PullOutcome outcome, long generation, long before, LastWrite lastWrite, long revision) {
    }

    /**
     * Makes the replica equal to the store's copy, fetching only the groups it lacks; creates it
     * on a machine that has none. The copy is refused (3, replica unchanged) unless it opens with
     * {@code credential}, its file MAC holds and it is not older than this machine has seen.
     */
    public Pulled pull(VaultStore store, Credential credential) throws VaultException {
        return store.locked(ignored -> pullLocked(store, credential));
    }

    private Pulled pullLocked(VaultStore store, Credential credential) throws VaultException {
        SyncRecord record = record(store);
        Pulled unchanged = unchangedSinceLastSync(store, record);
        if (unchanged != null) {
            return unchanged;
        }
        for (int attempt = 1; ; attempt++) {
            Snapshot snapshot = snapshot("the replica was not changed");
            if (snapshot.empty()) {
                throw new VaultException(Failure.NOT_FOUND, "the store " + url() + " holds no vault yet (publish one with: keystash push)");
            }
            FileGroups remote = decodeForPull(snapshot);
            StoreReader.LocalFile local = localFile(store, false);
            long before = local == null ? 0 : local.groups().header().generation();
            VaultFacts.Sync sync = local == null ? null : record.read(local.groups().header().vaultId());
            if (sync != null && sync.unpublished()) {
                if (sync.revision() == snapshot.manifestRevision()) {
                    return new Pulled(PullOutcome.UNPUBLISHED, before, before, null, snapshot.manifestRevision());
                }
                throw offlineChangesMeetNewerStore(sync.generation());
            }
            if (local != null && local.groups().sameAs(remote)) {
                record.equal(remote.header().vaultId(), snapshot.manifestRevision(), before);
                return new Pulled(PullOutcome.UP_TO_DATE, before, before, null, snapshot.manifestRevision());
            }
            byte[] file;
            try {
                file = reader.assemble(remote, snapshot.revision(), local);
            } catch (EtcdException e) {
                if (e.kind() == EtcdException.Kind.COMPACTED && attempt < 3) {
                    continue;
                }
                throw failure(e, "the replica was not changed");
            }
            VaultStore.Pulled pulled = store.acceptStoreCopy(file, credential);
            record.equal(pulled.vaultId(), snapshot.manifestRevision(), pulled.generation());
            LOG.debug("pull of generation {}: {} bytes sent, {} received, {} requests to {}", pulled.generation(), bytesSent(),
                    bytesReceived(), requests(), url());
            return new Pulled(PullOutcome.PULLED, pulled.generation(), before, pulled.lastWrite(), snapshot.manifestRevision());
        }
    }

    /**
     * When the replica is the copy it was last made equal to and the store's manifest has not been
     * written since (its revision, read without its bytes), there is nothing to fetch: the usual
     * case of {@code sync --watch}'s periodic check, a few hundred bytes instead of the manifest.
     */
    private Pulled unchangedSinceLastSync(VaultStore store, SyncRecord record) throws VaultException {
        if (!store.exists()) {
            return null;
        }
        FileHeader local = FileHeader.of(store);
        VaultFacts.Sync sync = local == null ? null : record.read(local.vaultId());
        if (sync == null || sync.unpublished() || sync.revision() <= 0 || sync.generation() != local.generation()) {
            return null;
        }
        long revision;
        try {
            revision = writer.manifestRevision();
        } catch (EtcdException e) {
            throw failure(e, "the replica was not changed");
        }
        if (revision != sync.revision()) {
            return null;
        }
        record.equal(local.vaultId(), revision, local.generation());
        return new Pulled(PullOutcome.UP_TO_DATE, local.generation(), local.generation(), null, revision);
    }

    /** A vault file's id and generation, read from its clear header without hashing the rest. */
    private record FileHeader(VaultId vaultId, long generation) {
        static FileHeader of(VaultStore store) throws VaultException {
            try {
                var header = io.keystash.vault.format.VaultCodec.parse(store.readFile()).header();
                return header.vaultId() == null ? null : new FileHeader(header.vaultId(), header.generation());
            } catch (MalformedException | NewerFormatException e) {
                return null;
            }
        }
    }

    // ---- push ----------------------------------------------------------------------------------

    /** What a push did. */
    public enum PushOutcome {
        /** The store has the replica's copy now. */
        PUBLISHED,
        /** The store already had it. */
        ALREADY_THERE
    }

    /** @param outcome what happened; @param generation the generation the store holds now */
    public record Pushed(PushOutcome outcome, long generation) {
    }

    /**
     * Publishes the replica as it is: the first upload of a vault, or writes made offline. Refused
     * (5) when the store holds another vault, or moved on since the replica last equalled it
     * ({@code push --force}, a write through {@link #replacing}, replaces it then).
     */
    public Pushed push(VaultStore store) throws VaultException {
        return store.locked(ignored -> pushLocked(store));
    }

    private Pushed pushLocked(VaultStore store) throws VaultException {
        SyncRecord record = record(store);
        StoreReader.LocalFile local = localFile(store, true);
        VaultId id = local.groups().header().vaultId();
        long generation = local.groups().header().generation();
        Snapshot snapshot = snapshot("nothing was published");
        FileGroups remote = null;
        if (!snapshot.empty()) {
            try {
                remote = snapshot.groups();
            } catch (MalformedException | NewerFormatException e) {
                throw new VaultException(Failure.CONFLICT, "the store " + url() + " holds something that is not a vault this"
                        + " Keystash reads (" + e.getMessage() + "); keystash push --force replaces it");
            }
            if (!id.equals(remote.header().vaultId())) {
                throw new VaultException(Failure.CONFLICT, "the store " + url() + " holds another vault (id "
                        + remote.header().vaultId() + ") than this replica (id " + id + "); keystash push --force replaces it");
            }
            if (remote.sameAs(local.groups())) {
                record.equal(id, snapshot.manifestRevision(), generation);
                return new Pushed(PushOutcome.ALREADY_THERE, generation);
            }
            VaultFacts.Sync sync = record.read(id);
            if (sync == null || sync.revision() != snapshot.manifestRevision() || remote.header().generation() >= generation) {
                throw new VaultException(Failure.CONFLICT, "the store's copy (generation " + remote.header().generation()
                        + ") changed since this replica (generation " + generation + ") last synced with it; nothing was"
                        + " published (keystash pull takes the store's copy; push --force replaces it with this one)");
            }
        }
        TxnResult result = publish(local.groups(), local.bytes(), remote, snapshot.manifestRevision(), "nothing was published");
        if (!result.succeeded()) {
            throw new VaultException(Failure.CONFLICT, "the store's copy changed during the push; nothing was published"
                    + " (run keystash sync)");
        }
        removeReplaced(remote, local.groups());
        record.equal(id, result.revision(), generation);
        LOG.debug("push of generation {}: {} bytes sent, {} received, {} requests to {}", generation, bytesSent(),
                bytesReceived(), requests(), url());
        return new Pushed(PushOutcome.PUBLISHED, generation);
    }

    // ---- status --------------------------------------------------------------------------------

    /**
     * The replica against the store, as {@code remote status} shows it.
     *
     * @param url               the store
     * @param problem           why the store could not be read, or null
     * @param storeRevision     the manifest's revision (0: no vault in the store, or unreachable)
     * @param storeGeneration   the store copy's generation (-1: unknown)
     * @param storeVault        the store copy's vault id, or null
     * @param replicaGeneration the replica's generation (-1: no replica)
     * @param replicaVault      the replica's vault id, or null
     * @param lastSync          when the replica last equalled the store's copy, or null
     * @param unpublished       the replica holds an offline write the store does not have
     */
    public record Status(String url, String problem, long storeRevision, long storeGeneration, VaultId storeVault,
                         long replicaGeneration, VaultId replicaVault, Instant lastSync, boolean unpublished) {
        public boolean reachable() {
            return problem == null;
        }

        /** How many generations the replica is behind the store's copy of the same vault (-1: cannot tell). */
        public long behind() {
            if (storeVault == null || replicaVault == null || !storeVault.equals(replicaVault)) {
                return -1;
            }
            return Math.max(0, storeGeneration - replicaGeneration);
        }
    }

    /** Reads the store (when it answers) and the replica; never changes either. */
    public Status status(VaultStore store) throws VaultException {
        StoreReader.LocalFile local = store.exists() ? localFile(store, false) : null;
        VaultId replicaVault = local == null ? null : local.groups().header().vaultId();
        long replicaGeneration = local == null ? -1 : local.groups().header().generation();
        VaultFacts.Sync sync = replicaVault == null ? null : record(store).read(replicaVault);
        String problem = null;
        long revision = 0;
        long storeGeneration = -1;
        VaultId storeVault = null;
        try {
            Snapshot snapshot = reader.snapshot();
            revision = snapshot.manifestRevision();
            if (!snapshot.empty()) {
                FileGroups remote = snapshot.groups();
                storeGeneration = remote.header().generation();
                storeVault = remote.header().vaultId();
            }
        } catch (EtcdException e) {
            problem = e.getMessage();
        } catch (MalformedException | NewerFormatException e) {
            problem = "the store holds something that is not a vault this Keystash reads (" + e.getMessage() + ")";
        }
        return new Status(url(), problem, revision, storeGeneration, storeVault, replicaGeneration, replicaVault,
                sync == null || sync.syncedAt() <= 0 ? null : Instant.ofEpochMilli(sync.syncedAt()),
                sync != null && sync.unpublished());
    }

    /**
     * Removes the groups no manifest names that were written before the current one (left by a
     * write that lost its swap or an interrupted clean-up). Best effort; returns how many went.
     */
    public int sweep() {
        try {
            Snapshot snapshot = reader.snapshot();
            if (snapshot.empty()) {
                return 0;
            }
            List<KeyValue> blobs = reader.blobs();
            return writer.sweep(snapshot.groups(), snapshot.manifestRevision(), blobs);
        } catch (EtcdException | MalformedException | NewerFormatException e) {
            return 0;
        }
    }

    /** Watches the manifest from {@code revision} on; the caller closes the watch. */
    public Watch watch(long revision) throws VaultException {
        try {
            return client.watch(new StoreKeys(settings.prefix()).manifest(), revision);
        } catch (EtcdException e) {
            throw failure(e, "watching again soon");
        }
    }

    // ---- shared steps --------------------------------------------------------------------------

    Snapshot snapshot(String consequence) throws VaultException {
        try {
            return reader.snapshot();
        } catch (EtcdException e) {
            throw failure(e, consequence);
        }
    }

    FileGroups decodeForWrite(Snapshot snapshot) throws VaultException {
        try {
            return snapshot.groups();
        } catch (MalformedException | NewerFormatException e) {
            throw new VaultException(Failure.CONFLICT, "the store " + url() + " holds something that is not a vault this"
                    + " Keystash reads (" + e.getMessage() + "); nothing was written (keystash push --force replaces it)");
        }
    }

    private FileGroups decodeForPull(Snapshot snapshot) throws VaultException {
        try {
            return snapshot.groups();
        } catch (NewerFormatException e) {
            throw new VaultException(Failure.UNSUPPORTED_VERSION, "the store's copy of the vault was written by a newer"
                    + " Keystash (format " + e.major() + "); upgrade keystash to pull it (the replica was not changed)");
        } catch (MalformedException e) {
            throw new VaultException(Failure.DAMAGED, "the store's copy of the vault is damaged or was tampered with ("
                    + e.getMessage() + "); the replica was not changed");
        }
    }

    byte[] assemble(FileGroups remote, long revision, StoreReader.LocalFile local, String consequence) throws VaultException {
        try {
            return reader.assemble(remote, revision, local);
        } catch (EtcdException e) {
            throw failure(e, consequence);
        }
    }

    TxnResult publish(FileGroups groups, byte[] bytes, FileGroups base, long baseRevision, String consequence)
            throws VaultException {
        try {
            return writer.publish(groups, bytes, base, baseRevision);
        } catch (EtcdException e) {
            throw failure(e, consequence);
        }
    }

    TxnResult publish(FileGroups groups, byte[] bytes, boolean[] send, long baseRevision, String consequence)
            throws VaultException {
        try {
            return writer.publish(groups, bytes, send, baseRevision);
        } catch (EtcdException e) {
            throw failure(e, consequence);
        }
    }

    /** The manifest's revision, read through the cluster's quorum (0: none). */
    long manifestRevision(String consequence) throws VaultException {
        try {
            return writer.manifestRevision();
        } catch (EtcdException e) {
            throw failure(e, consequence);
        }
    }

    void removeReplaced(FileGroups before, FileGroups now) {
        writer.removeReplaced(before, now);
    }

    void removeReplaced(List<byte[]> goneDigests, List<Long> goneSizes, FileGroups now) {
        writer.removeReplaced(goneDigests, goneSizes, now);
    }

    /** The replica's bytes and groups; null when there is none or (for a pull) it is unreadable. */
    private static StoreReader.LocalFile localFile(VaultStore store, boolean required) throws VaultException {
        if (!store.exists()) {
            if (required) {
                throw new VaultException(Failure.NOT_FOUND, "no vault at " + store.paths().vaultFile() + " to push");
            }
            return null;
        }
        byte[] bytes = store.readFile();
        try {
            return new StoreReader.LocalFile(FileGroups.of(bytes), bytes);
        } catch (MalformedException | NewerFormatException e) {
            if (required) {
                throw new VaultException(Failure.DAMAGED, "vault " + store.paths().vaultFile() + " cannot be pushed: "
                        + e.getMessage());
            }
            return null;
        }
    }

    static VaultException offlineChangesMeetNewerStore(long storeGenerationThen) {
        return new VaultException(Failure.CONFLICT, "this replica holds changes made offline that the store does not"
                + " have, and the store's copy changed since (it was at generation " + storeGenerationThen + "); nothing was"
                + " changed (keystash push --force publishes this replica in place of the store's copy)");
    }

    VaultException failure(EtcdException e, String consequence) {
        return switch (e.kind()) {
            case UNREACHABLE -> new VaultException(Failure.IO, "the store " + url() + " is unreachable (" + e.getMessage()
                    + "); " + consequence);
            case AUTH -> new VaultException(Failure.LOCKED, e.getMessage() + "; " + consequence);
            case COMPACTED -> new VaultException(Failure.BUSY, "the store compacted its history during the read; "
                    + consequence + " (try again)");
            case REFUSED -> new VaultException(Failure.IO, e.getMessage() + "; " + consequence);
            case UNCONFIRMED -> new VaultException(Failure.IO, "the store " + url() + " took this write but did not confirm it ("
                    + e.getMessage() + "); it may still apply it: keystash pull shows whether it did (the replica was not"
                    + " changed)");
        };
    }
}
