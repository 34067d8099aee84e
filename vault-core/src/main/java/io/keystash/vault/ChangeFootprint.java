package io.keystash.vault;

import io.keystash.vault.crypto.CryptoRandom;
import io.keystash.vault.crypto.HmacSha256;
import io.keystash.vault.format.RecordId;
import io.keystash.vault.format.RecordKind;
import io.keystash.vault.model.Names;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records a change touched, as they were before it: enough to tell, once a newer copy of the
 * vault turns up (another machine wrote to the shared store meanwhile), whether that copy changed
 * any of the same records. If not, the change is run again on the newer copy and nothing is lost;
 * if so, the change is refused rather than overwrite what the other machine did.
 *
 * <p>Records that every write of their kind rewrites (the catalog of names, the members, the audit
 * keys, the exposures, the last writer) are not compared: the change run again recomputes them.
 * When both copies share a data key, records compare by their sealed bytes (a record not rewritten
 * keeps its bytes; a rewritten one gets a fresh nonce), with no decryption. After a rekey on the
 * other side the ids and ciphertexts all differ, so touched records compare by plaintext, through
 * a MAC under a key made for this comparison and forgotten with it.
 */
final class ChangeFootprint {
    private static final Set<String> REWRITTEN_BY_EVERY_WRITE = Set.of(
            RecordId.labelOf(RecordKind.CATALOG, ""), RecordId.labelOf(RecordKind.MEMBERS, ""),
            RecordId.labelOf(RecordKind.AUDIT_KEYS, ""), RecordId.labelOf(RecordKind.EXPOSURES, ""),
            RecordId.labelOf(RecordKind.WRITER, ""));

    private final RecordId catalogBefore;
    private final List<Touched> touched;
    private final byte[] macKey;

    private record Touched(String label, byte[] sealed, byte[] plaintextMac) {
    }

    private ChangeFootprint(RecordId catalogBefore, List<Touched> touched, byte[] macKey) {
        this.catalogBefore = catalogBefore;
        this.touched = touched;
        this.macKey = macKey;
    }

    /** The footprint of the changes pending in {@code records}, taken before they are written. */
    static ChangeFootprint of(SealedRecords records) throws VaultException {
        byte[] macKey = CryptoRandom.bytes(32);
        List<Touched> touched = new ArrayList<>();
        for (Map.Entry<String, RecordId> entry : records.touched().entrySet()) {
            String label = entry.getKey();
            if (REWRITTEN_BY_EVERY_WRITE.contains(label)) {
                continue;
            }
            byte[] sealed = records.sealedAsRead(entry.getValue());
            touched.add(new Touched(label, sealed, sealed == null ? null : plaintextMac(macKey, records.openAsRead(entry.getValue()))));
        }
        return new ChangeFootprint(records.idOfLabel(RecordId.labelOf(RecordKind.CATALOG, "")), touched, macKey);
    }

    /**
     * What {@code newer} (a later copy of the same vault, freshly opened) changed among the records
     * this change touched, as {@code key 'NAME'} or {@code profile 'NAME'}; empty when nothing.
     */
    List<String> changedIn(SealedRecords newer) throws VaultException {
        boolean sameKey = newer.idOfLabel(RecordId.labelOf(RecordKind.CATALOG, "")).equals(catalogBefore);
        Set<String> changed = new LinkedHashSet<>();
        for (Touched before : touched) {
            if (before.label().startsWith("?")) {
                changed.add("a record");
                continue;
            }
            RecordId id = newer.idOfLabel(before.label());
            boolean differs;
            if (sameKey) {
                byte[] now = newer.sealedAsRead(id);
                differs = !Arrays.equals(now, before.sealed());
            } else {
                byte[] plaintext = newer.openAsRead(id);
                byte[] now = plaintext == null ? null : plaintextMac(macKey, plaintext);
                differs = now == null || before.plaintextMac() == null ? now != before.plaintextMac()
                        : !MessageDigest.isEqual(now, before.plaintextMac());
            }
            if (differs) {
                changed.add(describe(before.label()));
            }
        }
        return List.copyOf(changed);
    }

    /** True when the change touched only records that every write rewrites. */
    boolean empty() {
        return touched.isEmpty();
    }

    /** {@code key\0NAME} and {@code value\0NAME\0N} → {@code key 'NAME'}; {@code profile\0NAME} → {@code profile 'NAME'}. */
    static String describe(String label) {
        String[] parts = label.split("\0", -1);
        String kind = parts[0].equals(RecordKind.VALUE.tag()) ? RecordKind.KEY.tag() : parts[0];
        return parts.length < 2 ? kind : kind + " " + Names.quote(parts[1]);
    }

    private static byte[] plaintextMac(byte[] key, byte[] plaintext) {
        try {
            return new HmacSha256(key).update(plaintext).finish();
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
