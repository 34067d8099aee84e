package io.keystash.vault;

import io.keystash.vault.crypto.Aead;
import io.keystash.vault.crypto.AeadFailure;
import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.format.RecordId;
import io.keystash.vault.format.RecordKind;
import io.keystash.vault.format.RecordTable;
import io.keystash.vault.format.SortedRecords;
import io.keystash.vault.format.VaultCodec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The vault's encrypted records, opened one at a time on demand: reading a profile decrypts that
 * profile and its keys, not the whole vault. The records read from the file stay in the file's
 * buffer; changes sit in an overlay, and writing copies each MAC group that no change touched
 * from the old file in one piece, with the digest verified when the file was opened.
 */
final class SealedRecords implements SortedRecords {
    private static final byte[] AAD_PREFIX = "keystash v1 record".getBytes(StandardCharsets.US_ASCII);

    private final DataKey key;
    private final RecordTable base;
    private Aead.Opener opener;
    private Aead.Sealer sealer;
    private RecordId.Deriver ids;
    private final TreeMap<RecordId, byte[]> changed = new TreeMap<>();
    private final Set<RecordId> removed = new HashSet<>();
    /** Groups holding a changed or removed record: their bytes and digest must be recomputed. */
    private final boolean[] touched = new boolean[GROUPS];

    SealedRecords(DataKey key, RecordTable base) {
        this.key = key;
        this.base = base;
    }

    RecordId id(RecordKind kind, String name) {
        return ids().of(kind, name);
    }

    RecordId valueId(String keyName, int version) {
        return ids().ofValue(keyName, version);
    }

    private RecordId.Deriver ids() {
        if (ids == null) {
            byte[] idKey = key.recordIdKey();
            try {
                ids = new RecordId.Deriver(idKey);
            } finally {
                Arrays.fill(idKey, (byte) 0);
            }
        }
        return ids;
    }

    boolean contains(RecordId id) {
        return changed.containsKey(id) || !removed.contains(id) && base != null && base.indexOf(id) >= 0;
    }

    /** The plaintext of a record (the caller clears it), or null when there is no such record. */
    byte[] open(RecordId id) throws VaultException {
        try {
            if (opener == null) {
                byte[] recordKey = key.recordKey();
                try {
                    opener = Aead.opener(recordKey);
                } finally {
                    Arrays.fill(recordKey, (byte) 0);
                }
            }
            byte[] sealed = changed.get(id);
            if (sealed != null) {
                return opener.open(sealed, 0, sealed.length, aad(id));
            }
            int index = removed.contains(id) || base == null ? -1 : base.indexOf(id);
            if (index < 0) {
                return null;
            }
            return opener.open(base.buffer(), base.sealedOffset(index), base.sealedLength(index), aad(id));
        } catch (AeadFailure e) {
            throw new VaultException(Failure.DAMAGED, "vault is damaged or was tampered with (a record fails authentication)");
        }
    }

    /** Seals {@code plaintext} as record {@code id}, replacing any earlier one. */
    void put(RecordId id, byte[] plaintext) {
        removed.remove(id);
        if (sealer == null) {
            byte[] recordKey = key.recordKey();
            try {
                sealer = Aead.sealer(recordKey);
            } finally {
                Arrays.fill(recordKey, (byte) 0);
            }
        }
        changed.put(id, sealer.seal(plaintext, aad(id)));
        touched[id.group()] = true;
    }

    void remove(RecordId id) {
        changed.remove(id);
        removed.add(id);
        touched[id.group()] = true;
    }

    /** The largest sealed record changed since the file was read (the others passed the reader's cap). */
    int largestChanged() {
        int largest = 0;
        for (byte[] sealed : changed.values()) {
            largest = Math.max(largest, sealed.length);
        }
        return largest;
    }

    private boolean unchanged(int group) {
        return base != null && !touched[group];
    }

    @Override
    public int count(int group) {
        return unchanged(group) ? base.count(group) : (int) merge(group, null, 0, true);
    }

    @Override
    public long size(int group) {
        return unchanged(group) ? base.size(group) : merge(group, null, 0, false);
    }

    @Override
    public int write(int group, byte[] out, int offset) {
        return unchanged(group) ? base.write(group, out, offset) : (int) merge(group, out, offset, false);
    }

    @Override
    public byte[] knownDigest(int group) {
        return unchanged(group) ? base.knownDigest(group) : null;
    }

    @Override
    public ByteBuffer unchangedBytes(int group) {
        return unchanged(group) ? base.unchangedBytes(group) : null;
    }

    /**
     * Walks group {@code group}: base records not removed or replaced, merged in id order with the
     * changed ones. Counts them ({@code counting}), or adds up their size from {@code offset} and
     * writes them to {@code out} when it is not null; returns the count or the offset after them.
     */
    private long merge(int group, byte[] out, int offset, boolean counting) {
        Iterator<Map.Entry<RecordId, byte[]>> overlay = overlay(group).entrySet().iterator();
        Map.Entry<RecordId, byte[]> next = overlay.hasNext() ? overlay.next() : null;
        int index = base == null ? 0 : base.firstOfGroup(group);
        int end = base == null ? 0 : base.firstOfGroup(group + 1);
        long count = 0;
        long position = offset;
        while (index < end || next != null) {
            // changed record's id against the base record's: > 0, the base record comes first
            int order = index == end ? -1 : next == null ? 1 : next.getKey().compareToBytes(base.buffer(), base.idOffset(index));
            if (order > 0) {
                if (removed.isEmpty() || !removed.contains(base.id(index))) {
                    count++;
                    int length = RecordId.BYTES + 4 + base.sealedLength(index);
                    if (out != null) {
                        System.arraycopy(base.buffer(), base.idOffset(index), out, (int) position, length);
                    }
                    position += length;
                }
                index++;
                continue;
            }
            if (order == 0) {
                index++; // replaced by the changed record
            }
            count++;
            if (out != null) {
                VaultCodec.writeRecord(next.getKey(), next.getValue(), out, (int) position);
            }
            position += RecordId.BYTES + 4 + next.getValue().length;
            next = overlay.hasNext() ? overlay.next() : null;
        }
        return counting ? count : position;
    }

    private Map<RecordId, byte[]> overlay(int group) {
        if (changed.isEmpty()) {
            return changed;
        }
        return group == GROUPS - 1 ? changed.tailMap(RecordId.groupFloor(group), true)
                : changed.subMap(RecordId.groupFloor(group), true, RecordId.groupFloor(group + 1), false);
    }

    /** Wipes the key copy held for decryption; the data key itself is wiped by its owner. */
    void close() {
        if (opener != null) {
            opener.close();
            opener = null;
        }
        if (sealer != null) {
            sealer.close();
            sealer = null;
        }
        if (ids != null) {
            ids.forget();
            ids = null;
        }
    }

    private static byte[] aad(RecordId id) {
        byte[] aad = new byte[AAD_PREFIX.length + RecordId.BYTES];
        System.arraycopy(AAD_PREFIX, 0, aad, 0, AAD_PREFIX.length);
        id.copyTo(aad, AAD_PREFIX.length);
        return aad;
    }
}
