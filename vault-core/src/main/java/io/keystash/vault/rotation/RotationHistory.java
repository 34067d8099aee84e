package io.keystash.vault.rotation;

import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEntry;
import io.keystash.vault.audit.AuditLog;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyVersion;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every change of a key's value (store, rotate, rollback, import) and every failed rotation or
 * rollback, oldest first.
 *
 * <p>Two sources: the vault's own version records (authoritative, but only for kept versions) and
 * the audit log, which still remembers rotations whose versions were pruned and the attempts that
 * failed (those never made a version). A vault moved without its audit log still shows its kept
 * versions.
 */
public final class RotationHistory {
    /**
     * One event.
     *
     * @param time        when
     * @param key         which key
     * @param action      {@code store}, {@code rotate}, {@code rotate (command)}, {@code rollback from 3}, …
     * @param fromVersion the version current before (0 for a first store, or when unknown)
     * @param toVersion   the version it produced (0 when it failed)
     * @param actor       {@code user@host}
     * @param outcome     {@code ok}, or {@code failed: provider|validation|…}
     * @param detail      names-only context (why it failed, which provider), or null
     */
    public record Event(Instant time, String key, String action, int fromVersion, int toVersion, String actor,
                        String outcome, String detail) {
        public Event {
            time = time.truncatedTo(ChronoUnit.MILLIS); // the audit log has nanoseconds, versions milliseconds
        }

        public boolean failed() {
            return !"ok".equals(outcome);
        }
    }

    private RotationHistory() {
    }

    /** Events for {@code keys}, oldest first. */
    public static List<Event> of(List<KeyEntry> keys, AuditLog auditLog) throws VaultException {
        List<Event> events = new ArrayList<>();
        Map<String, Set<Integer>> kept = new HashMap<>();
        for (KeyEntry key : keys) {
            Set<Integer> numbers = new HashSet<>();
            kept.put(key.name(), numbers);
            KeyVersion previous = null;
            for (KeyVersion version : key.versions()) {
                numbers.add(version.number());
                int from = previous != null ? previous.number() : version.number() - 1;
                events.add(new Event(version.created(), key.name(), version.origin(), from, version.number(),
                        version.createdBy(), "ok", null));
                previous = version;
            }
        }
        for (AuditEntry entry : auditLog.read()) {
            Set<Integer> numbers = kept.get(entry.key());
            boolean rotation = entry.operation().equals("rotate") || entry.operation().equals("rollback");
            if (numbers == null || !rotation) {
                continue;
            }
            List<Integer> versions = entry.versions();
            int from = versions.isEmpty() ? 0 : versions.get(0);
            int to = versions.size() < 2 ? 0 : versions.get(versions.size() - 1);
            if (!entry.outcome().equals("ok")) {
                events.add(new Event(entry.time(), entry.key(), entry.operation(), from, 0, entry.actor(),
                        entry.outcome(), entry.detail()));
            } else if (to > 0 && !numbers.contains(to) && to < minimum(numbers)) {
                // A successful change whose version was pruned since: only the audit log remembers it.
                events.add(new Event(entry.time(), entry.key(), entry.operation(), from, to, entry.actor(), "ok",
                        "version pruned"));
            }
        }
        events.sort(Comparator.comparing(Event::time));
        return events;
    }

    private static int minimum(Set<Integer> numbers) {
        int min = Integer.MAX_VALUE;
        for (int n : numbers) {
            min = Math.min(min, n);
        }
        return min;
    }
}
