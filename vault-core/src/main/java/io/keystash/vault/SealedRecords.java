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
import java.util.HashMap;
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
    /** The file as read, for {@link #digestAsRead}: the base, or after a rekey the old records' table. */
    private final RecordTable asRead;
    private Aead.Opener opener;
    private Aead.Sealer sealer;
    private RecordId.Deriver ids;
    /**
     * The label of every id derived here, so a change can say which records it touched by what
     * they are ({@link ChangeFootprint}); a few dozen entries for a command, one per record at a
     * rekey.
     */
    private final Map<RecordId, String> labels = new HashMap<>();
    private final TreeMap<RecordId, byte[]> changed = new TreeMap<>();
    private final Set<RecordId> removed = new HashSet<>();
    /** Groups holding a changed or removed record: their bytes and digest must be recomputed. */
    private final boolean[] touched = new boolean[GROUPS];

    SealedRecords(DataKey key, RecordTable base) {
        this(key, base, base);
    }

    /** Records under {@code key} over {@code base}, replacing the file read as {@code asRead} (a rekey). */
    SealedRecords(DataKey key, RecordTable base, RecordTable asRead) {
        this.key = key;
        this.base = base;
        this.asRead = asRead;
    }

    /** The table of the file as read (what a rekey's new records replace). */
    RecordTable asRead() {
        return asRead;
    }

    RecordId id(RecordKind kind, String name) {
        return idOfLabel(RecordId.labelOf(kind, name));
    }

    RecordId valueId(String keyName, int version) {
        return idOfLabel(RecordId.valueLabelOf(keyName, version));
    }

    /** The id of the record labelled {@code label} under this store's key. */
    RecordId idOfLabel(String label) {
        RecordId id = ids().ofLabel(label);
        labels.putIfAbsent(id, label);
        return id;
    }

    /**
     * The records changed or removed since the file was read, by label, each with its id; an id
     * whose label is unknown (none is, through this class's methods) is listed under its hex.
     */
    Map<String, RecordId> touched() {
        Map<String, RecordId> touched = new TreeMap<>();
        for (RecordId id : changed.keySet()) {
            touched.put(labels.getOrDefault(id, "?" + java.util.HexFormat.of().formatHex(id.bytes())), id);
        }
        for (RecordId id : removed) {
            touched.put(labels.getOrDefault(id, "?" + java.util.HexFormat.of().formatHex(id.bytes())), id);
        }
        return touched;
    }

    /** A copy of record {@code id}'s sealed bytes as the file held them when read, or null. */
    byte[] sealedAsRead(RecordId id) {
        int index = base == null ? -1 : base.indexOf(id);
        if (index < 0) {
            return null;
        }
        int offset = base.sealedOffset(index);
        return java.util.Arrays.copyOfRange(base.buffer(), offset, offset + base.sealedLength(index));
    }

    /** The plaintext of record {@code id} as the file held it when read (the caller clears it), or null. */
    byte[] openAsRead(RecordId id) throws VaultException {
        byte[] sealed = sealedAsRead(id);
        if (sealed == null) {
            return null;
        }
        try {
            return opener().open(sealed, 0, sealed.length, aad(id));
        } catch (AeadFailure e) {
            throw new VaultException(Failure.DAMAGED, "vault is damaged or was tampered with (a record fails authentication)");
        }
    }

    /** The record cipher for opening, keyed once per vault from a copy of the record key it wipes. */
    private Aead.Opener opener() {
        if (opener == null) {
            byte[] recordKey = key.recordKey();
            try {
                opener = Aead.opener(recordKey);
            } finally {
                Arrays.fill(recordKey, (byte) 0);
            }
        }
        return opener;
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
            Aead.Opener cipher = opener();
            byte[] sealed = changed.get(id);
            if (sealed != null) {
                return cipher.open(sealed, 0, sealed.length, aad(id));
            }
            int index = removed.contains(id) || base == null ? -1 : base.indexOf(id);
            if (index < 0) {
                return null;
            }
            return cipher.open(base.buffer(), base.sealedOffset(index), base.sealedLength(index), aad(id));
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

    @Override
    public byte[] digestAsRead(int group) {
        return asRead == null ? null : asRead.knownDigest(group);
    }

    @Override
    public long sizeAsRead(int group) {
        return asRead == null ? -1 : asRead.size(group);
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
