package io.keystash.remote.store;

import io.keystash.remote.etcd.EtcdClient;
import io.keystash.remote.etcd.EtcdException;
import io.keystash.remote.etcd.KeyValue;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.crypto.Sha256;
import io.keystash.vault.format.FileGroups;

import java.security.MessageDigest;
import java.util.List;

/**
 * Reads the vault file back from the store: the manifest, then the groups it names that the
 * replica does not already have, each checked against its digest, joined into a file. Whether
 * the file is authentic is decided when it is opened (its MAC); this only refuses early what
 * cannot be right.
 */
final class StoreReader {
    private final EtcdClient client;
    private final StoreKeys keys;

    StoreReader(EtcdClient client, StoreKeys keys) {
        this.client = client;
        this.keys = keys;
    }

    /** The manifest now (linearizable), or an empty snapshot. */
    Snapshot snapshot() throws EtcdException {
        var read = client.get(keys.manifest());
        return new Snapshot(read.value(), read.revision());
    }

    /**
     * The whole file {@code manifest} describes, groups read at {@code revision}; a group whose
     * digest {@code local} (a file at hand, or null) has at the same place is copied from it.
     * DAMAGED when a group is missing or its bytes do not match its digest.
     */
    byte[] assemble(FileGroups manifest, long revision, LocalFile local) throws EtcdException, VaultException {
        byte[] file = new byte[Math.toIntExact(manifest.length())];
        byte[] front = manifest.front();
        System.arraycopy(front, 0, file, 0, front.length);
        for (int group = 0; group < FileGroups.GROUPS; group++) {
            int offset = Math.toIntExact(manifest.offset(group));
            int size = Math.toIntExact(manifest.size(group));
            if (size == 0) {
                continue;
            }
            byte[] digest = manifest.digest(group);
            if (local != null && local.groups().size(group) == size && local.groups().hasDigest(group, digest)) {
                System.arraycopy(local.bytes(), Math.toIntExact(local.groups().offset(group)), file, offset, size);
                continue;
            }
            int at = offset;
            for (String key : keys.blobKeys(digest, size)) {
                KeyValue blob = client.getAt(key, revision);
                if (blob == null || at + blob.value().length > offset + size) {
                    throw incomplete(blob == null ? "a part it names is missing" : "a part is longer than the manifest says");
                }
                System.arraycopy(blob.value(), 0, file, at, blob.value().length);
                at += blob.value().length;
            }
            if (at != offset + size || !MessageDigest.isEqual(Sha256.of(file, offset, size), digest)) {
                throw incomplete("a part does not match its digest");
            }
        }
        byte[] mac = manifest.mac();
        System.arraycopy(mac, 0, file, file.length - mac.length, mac.length);
        return file;
    }

    private static VaultException incomplete(String why) {
        return new VaultException(Failure.DAMAGED, "the store's copy of the vault is damaged or was tampered with (" + why
                + "); the replica was not changed");
    }

    /** A vault file at hand and its groups, whose parts a pull need not fetch again. */
    record LocalFile(FileGroups groups, byte[] bytes) {
    }

    /** Every blob key the store holds, with its revision (for removing the ones nothing names). */
    List<KeyValue> blobs() throws EtcdException {
        return client.keysUnder(keys.blobPrefix());
    }
}
