package io.keystash.vault;

import io.keystash.vault.crypto.Aead;
import io.keystash.vault.crypto.AeadFailure;
import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.format.RecordId;
import io.keystash.vault.format.RecordKind;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The vault's encrypted records, opened one at a time on demand: reading a profile decrypts that
 * profile and its keys, not the whole vault. Records nobody changed are written back byte for byte.
 */
final class SealedRecords {
    private static final byte[] AAD_PREFIX = "keystash v1 record".getBytes(StandardCharsets.US_ASCII);

    private final DataKey key;
    private final Map<RecordId, byte[]> sealed;

    SealedRecords(DataKey key, Map<RecordId, byte[]> sealed) {
        this.key = key;
        this.sealed = new HashMap<>(sealed);
    }

    RecordId id(RecordKind kind, String name) {
        return RecordId.of(key.recordIdKey(), kind, name);
    }

    RecordId valueId(String keyName, int version) {
        return RecordId.ofValue(key.recordIdKey(), keyName, version);
    }

    boolean contains(RecordId id) {
        return sealed.containsKey(id);
    }

    /** The plaintext of a record (the caller clears it), or null when there is no such record. */
    byte[] open(RecordId id) throws VaultException {
        byte[] record = sealed.get(id);
        if (record == null) {
            return null;
        }
        try {
            return Aead.open(key.recordKey(), record, aad(id));
        } catch (AeadFailure e) {
            throw new VaultException(Failure.DAMAGED, "vault is damaged or was tampered with (a record fails authentication)");
        }
    }

    /** Seals {@code plaintext} as record {@code id}, replacing any earlier one. */
    void put(RecordId id, byte[] plaintext) {
        sealed.put(id, Aead.seal(key.recordKey(), plaintext, aad(id)));
    }

    void remove(RecordId id) {
        sealed.remove(id);
    }

    int size() {
        return sealed.size();
    }

    Map<RecordId, byte[]> sealed() {
        return sealed;
    }

    private static byte[] aad(RecordId id) {
        byte[] idBytes = id.bytes();
        byte[] aad = Arrays.copyOf(AAD_PREFIX, AAD_PREFIX.length + idBytes.length);
        System.arraycopy(idBytes, 0, aad, AAD_PREFIX.length, idBytes.length);
        return aad;
    }
}
