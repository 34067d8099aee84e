package io.keystash.vault.members;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The keys of a vault's audit chain, one per data key it has had. The audit key comes from the
 * data key, and a rekey makes a new data key; lines written before the rekey still verify with
 * the key they were written under, kept here (inside the vault, so only its members see them).
 * Each line names the vault generation it was written at, which picks its key. (A removed member
 * who kept an old key could only forge lines in a log file they can write, that is, as the same
 * user: the audit log is a local file, 0600.)
 *
 * @param currentSince the generation at which the current data key was made (0 for a vault never rekeyed)
 * @param past         earlier keys by the generation from which each applied
 */
public record AuditKeys(long currentSince, Map<Long, byte[]> past) {
    public AuditKeys {
        past = new TreeMap<>(past);
    }

    /** A vault never rekeyed. */
    public static AuditKeys initial() {
        return new AuditKeys(0, Map.of());
    }

    /** After a rekey at {@code generation}: the current key joins the past ones. */
    public AuditKeys rekeyed(long generation, byte[] currentKey) {
        TreeMap<Long, byte[]> next = new TreeMap<>(past);
        next.put(currentSince, currentKey.clone());
        return new AuditKeys(generation, next);
    }

    /** The key for a line written at {@code generation}, given the current one; null when none applies. */
    public byte[] keyFor(long generation, byte[] currentKey) {
        if (generation >= currentSince) {
            return currentKey;
        }
        Map.Entry<Long, byte[]> entry = ((TreeMap<Long, byte[]>) past).floorEntry(generation);
        return entry == null ? null : entry.getValue();
    }

    /** The generations at which each key (past ones, then the current) began. */
    public List<Long> starts() {
        List<Long> out = new java.util.ArrayList<>(past.keySet());
        out.add(currentSince);
        return out;
    }

    /** Wipes the past keys held here. */
    public void wipe() {
        past.values().forEach(key -> Arrays.fill(key, (byte) 0));
    }
}
