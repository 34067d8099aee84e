package io.keystash.remote.store;

import io.keystash.remote.etcd.EtcdClient;
import io.keystash.remote.etcd.EtcdException;
import io.keystash.remote.etcd.KeyValue;
import io.keystash.remote.etcd.TxnResult;
import io.keystash.vault.format.FileGroups;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Writes a vault file to the store: the groups the store lacks, then the manifest, swapped only
 * if the store's manifest is still the one the file was based on. Small writes (the usual:
 * a few groups) go in the same transaction as the manifest; larger ones first, in transactions
 * within etcd's limits, which leaves unused groups behind only if the swap then fails.
 */
final class StoreWriter {
    private final EtcdClient client;
    private final StoreKeys keys;

    StoreWriter(EtcdClient client, StoreKeys keys) {
        this.client = client;
        this.keys = keys;
    }

    /**
     * Publishes {@code groups} (the file {@code file}) if the manifest's revision is still
     * {@code baseRevision} (0: no manifest yet). Groups {@code base} names are not sent again.
     */
    TxnResult publish(FileGroups groups, byte[] file, FileGroups base, long baseRevision) throws EtcdException {
        Set<String> present = base == null ? Set.of() : digests(base);
        boolean[] send = new boolean[FileGroups.GROUPS];
        for (int group = 0; group < FileGroups.GROUPS; group++) {
            send[group] = !present.contains(HexFormat.of().formatHex(groups.digest(group)));
        }
        return publish(groups, file, send, baseRevision);
    }

    /**
     * Publishes {@code groups} (the file {@code file}) if the manifest's revision is still
     * {@code baseRevision}, sending only the groups {@code send} marks: the others must be in the
     * store already (they are the groups of the copy at {@code baseRevision}, which the swap
     * requires to be the current one).
     */
    TxnResult publish(FileGroups groups, byte[] file, boolean[] send, long baseRevision) throws EtcdException {
        List<String> newKeys = new ArrayList<>();
        List<byte[]> newValues = new ArrayList<>();
        Set<String> queued = new HashSet<>();
        for (int group = 0; group < FileGroups.GROUPS; group++) {
            long size = groups.size(group);
            String hex = HexFormat.of().formatHex(groups.digest(group));
            if (size == 0 || !send[group] || !queued.add(hex)) {
                continue;
            }
            int offset = Math.toIntExact(groups.offset(group));
            List<String> chunkKeys = keys.blobKeys(groups.digest(group), size);
            for (int i = 0; i < chunkKeys.size(); i++) {
                int from = offset + i * StoreKeys.CHUNK;
                int to = (int) Math.min(offset + size, from + (long) StoreKeys.CHUNK);
                newKeys.add(chunkKeys.get(i));
                newValues.add(Arrays.copyOfRange(file, from, to));
            }
        }
        byte[] manifest = Manifest.encode(groups);
        long bytes = manifest.length;
        for (byte[] value : newValues) {
            bytes += value.length;
        }
        if (newKeys.size() + 1 <= EtcdClient.MAX_OPS && bytes * 4 / 3 + 4096 <= EtcdClient.MAX_REQUEST_BYTES) {
            newKeys.add(keys.manifest());
            newValues.add(manifest);
            return swap(baseRevision, newKeys, newValues, manifest);
        }
        putInBatches(newKeys, newValues);
        return swap(baseRevision, List.of(keys.manifest()), List.of(manifest), manifest);
    }

    /**
     * The compare-and-swap. When its answer is lost (the member went away after taking it), the
     * manifest is read back from whichever member answers at once (a serializable read, which a
     * member without a quorum answers too, from what it has applied): if it is ours, byte for byte
     * (its MAC makes it unique), the swap was made.
     */
    private TxnResult swap(long baseRevision, List<String> putKeys, List<byte[]> values, byte[] manifest) throws EtcdException {
        try {
            return client.putIfUnchanged(keys.manifest(), baseRevision, putKeys, values);
        } catch (EtcdException e) {
            if (e.kind() != EtcdException.Kind.UNREACHABLE) {
                throw e;
            }
            try {
                KeyValue now = client.getLocal(keys.manifest());
                if (now != null && Arrays.equals(now.value(), manifest)) {
                    return new TxnResult(true, now.modRevision(), null);
                }
            } catch (EtcdException unanswered) {
                // as unreachable as before
            }
            throw new EtcdException(EtcdException.Kind.UNCONFIRMED, e.getMessage());
        }
    }

    /** The manifest's revision now, through the cluster's quorum and without its bytes (0: none). */
    long manifestRevision() throws EtcdException {
        return client.modRevision(keys.manifest());
    }

    private void putInBatches(List<String> newKeys, List<byte[]> values) throws EtcdException {
        List<String> batchKeys = new ArrayList<>();
        List<byte[]> batchValues = new ArrayList<>();
        long batchBytes = 0;
        for (int i = 0; i < newKeys.size(); i++) {
            long encoded = values.get(i).length * 4L / 3 + 256;
            if (!batchKeys.isEmpty() && (batchKeys.size() == EtcdClient.MAX_OPS || batchBytes + encoded > EtcdClient.MAX_REQUEST_BYTES)) {
                client.putAll(batchKeys, batchValues);
                batchKeys.clear();
                batchValues.clear();
                batchBytes = 0;
            }
            batchKeys.add(newKeys.get(i));
            batchValues.add(values.get(i));
            batchBytes += encoded;
        }
        if (!batchKeys.isEmpty()) {
            client.putAll(batchKeys, batchValues);
        }
    }

    /**
     * Removes the groups {@code before} named that {@code now} does not (best effort: a failure
     * leaves them for {@link #sweep}). Readers read groups at the revision of the manifest they
     * read, so removing them under a reader does not break its read.
     */
    void removeReplaced(FileGroups before, FileGroups now) {
        if (before == null) {
            return;
        }
        Set<String> kept = digests(now);
        List<String> gone = new ArrayList<>();
        for (int group = 0; group < FileGroups.GROUPS; group++) {
            String hex = HexFormat.of().formatHex(before.digest(group));
            if (before.size(group) > 0 && !kept.contains(hex)) {
                gone.addAll(keys.blobKeys(before.digest(group), before.size(group)));
            }
        }
        deleteQuietly(gone);
    }

    /**
     * Removes the groups {@code gone} (digest and size each) that {@code now} does not name (best
     * effort, as {@link #removeReplaced(FileGroups, FileGroups)}).
     */
    void removeReplaced(List<byte[]> goneDigests, List<Long> goneSizes, FileGroups now) {
        Set<String> kept = digests(now);
        List<String> gone = new ArrayList<>();
        for (int i = 0; i < goneDigests.size(); i++) {
            if (goneSizes.get(i) > 0 && !kept.contains(HexFormat.of().formatHex(goneDigests.get(i)))) {
                gone.addAll(keys.blobKeys(goneDigests.get(i), goneSizes.get(i)));
            }
        }
        deleteQuietly(gone);
    }

    /**
     * Removes every group that {@code current} (the manifest at {@code manifestRevision}) does not
     * name and that was last written before it: left by a write whose swap failed, or by an
     * interrupted clean-up. A group written after the manifest may belong to a write in flight,
     * and one the manifest names is in use; neither is touched. Returns how many keys went.
     */
    int sweep(FileGroups current, long manifestRevision, List<KeyValue> blobs) {
        Set<String> named = new HashSet<>();
        for (int group = 0; group < FileGroups.GROUPS; group++) {
            if (current.size(group) > 0) {
                named.addAll(keys.blobKeys(current.digest(group), current.size(group)));
            }
        }
        List<String> orphans = new ArrayList<>();
        for (KeyValue blob : blobs) {
            if (keys.isBlob(blob.key()) && !named.contains(blob.key()) && blob.modRevision() < manifestRevision) {
                orphans.add(blob.key());
            }
        }
        deleteQuietly(orphans);
        return orphans.size();
    }

    private void deleteQuietly(List<String> gone) {
        for (int from = 0; from < gone.size(); from += 100) {
            try {
                client.deleteAll(gone.subList(from, Math.min(gone.size(), from + 100)));
            } catch (EtcdException e) {
                return;
            }
        }
    }

    private static Set<String> digests(FileGroups groups) {
        Set<String> digests = new HashSet<>();
        for (int group = 0; group < FileGroups.GROUPS; group++) {
            digests.add(HexFormat.of().formatHex(groups.digest(group)));
        }
        return digests;
    }
}
