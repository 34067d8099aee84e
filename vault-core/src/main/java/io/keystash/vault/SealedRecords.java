package io.keystash.vault;

import io.keystash.vault.crypto.Aead;
import io.keystash.vault.crypto.AeadFailure;
import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.format.RecordId;
import io.keystash.vault.format.RecordKind;
import io.keystash.vault.format.RecordTable;
import io.keystash.vault.format.SortedRecords;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The vault's encrypted records, opened one at a time on demand: reading a profile decrypts that
 * profile and its keys, not the whole vault. The records read from the file stay in the file's
 * buffer; changes sit in an overlay, and writing streams untouched records back byte for byte.
 */
final class SealedRecords implements SortedRecords {
    private static final byte[] AAD_PREFIX = "keystash v1 record".getBytes(StandardCharsets.US_ASCII);

    private final DataKey key;
    private final RecordTable base;
    private Aead.Opener opener;
    private final TreeMap<RecordId, byte[]> changed = new TreeMap<>();
    private final Set<RecordId> removed = new HashSet<>();

    SealedRecords(DataKey key, RecordTable base) {
        this.key = key;
        this.base = base;
    }

    RecordId id(RecordKind kind, String name) {
        return RecordId.of(key.recordIdKey(), kind, name);
    }

    RecordId valueId(String keyName, int version) {
        return RecordId.ofValue(key.recordIdKey(), keyName, version);
    }

    boolean contains(RecordId id) {
        return changed.containsKey(id) || !removed.contains(id) && base != null && base.indexOf(id) >= 0;
    }

    /** The plaintext of a record (the caller clears it), or null when there is no such record. */
    byte[] open(RecordId id) throws VaultException {
        try {
            if (opener == null) {
                opener = Aead.opener(key.recordKey());
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
        changed.put(id, Aead.seal(key.recordKey(), plaintext, aad(id)));
    }

    void remove(RecordId id) {
        changed.remove(id);
        removed.add(id);
    }

    @Override
    public int count() {
        int[] count = {0};
        visit((idBuffer, idOffset, sealed, offset, length) -> count[0]++);
        return count[0];
    }

    /** Base records not removed or replaced, merged in id order with the changed ones. */
    @Override
    public void visit(Visitor visitor) {
        Iterator<Map.Entry<RecordId, byte[]>> overlay = changed.entrySet().iterator();
        Map.Entry<RecordId, byte[]> next = overlay.hasNext() ? overlay.next() : null;
        int baseCount = base == null ? 0 : base.count();
        for (int i = 0; i < baseCount; i++) {
            byte[] buffer = base.buffer();
            int idOffset = base.sealedOffset(i) - 4 - RecordId.BYTES;
            while (next != null && next.getKey().compareToBytes(buffer, idOffset) < 0) {
                emit(visitor, next);
                next = overlay.hasNext() ? overlay.next() : null;
            }
            if (next != null && next.getKey().compareToBytes(buffer, idOffset) == 0) {
                continue;
            }
            if (!removed.isEmpty() && removed.contains(base.id(i))) {
                continue;
            }
            visitor.record(buffer, idOffset, buffer, base.sealedOffset(i), base.sealedLength(i));
        }
        while (next != null) {
            emit(visitor, next);
            next = overlay.hasNext() ? overlay.next() : null;
        }
    }

    /** Wipes the key copy held for decryption; the data key itself is wiped by its owner. */
    void close() {
        if (opener != null) {
            opener.close();
            opener = null;
        }
    }

    private static void emit(Visitor visitor, Map.Entry<RecordId, byte[]> record) {
        visitor.record(record.getKey().bytes(), 0, record.getValue(), 0, record.getValue().length);
    }

    private static byte[] aad(RecordId id) {
        byte[] aad = new byte[AAD_PREFIX.length + RecordId.BYTES];
        System.arraycopy(AAD_PREFIX, 0, aad, 0, AAD_PREFIX.length);
        byte[] idBytes = id.bytes();
        System.arraycopy(idBytes, 0, aad, AAD_PREFIX.length, RecordId.BYTES);
        return aad;
    }
}
