package io.keystash.vault.rotation;

import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEntry;
import io.keystash.vault.audit.AuditLog;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyVersion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every change of a key's value (store, rotate, rollback, import) from the vault's own version
 * records, plus failed rotations and rollbacks from the audit log.
 */
public final class RotationHistory {
    /**
     * One event.
     *
     * @param time    when
     * @param key     which key
     * @param action  {@code store}, {@code rotate}, {@code rollback from 3}, …
     * @param version the version it produced (0 for a failure)
     * @param actor   {@code user@host}
     * @param outcome {@code ok} or {@code failed: …}
     */
    public record Event(Instant time, String key, String action, int version, String actor, String outcome) {
    }

    private RotationHistory() {
    }

    /** Events for {@code keys}, oldest first; failed attempts come from {@code auditLog}. */
    public static List<Event> of(List<KeyEntry> keys, AuditLog auditLog) throws VaultException {
        List<Event> events = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (KeyEntry key : keys) {
            names.add(key.name());
            for (KeyVersion version : key.versions()) {
                events.add(new Event(version.created(), key.name(), version.origin(), version.number(),
                        version.createdBy(), "ok"));
            }
        }
        for (AuditEntry entry : auditLog.read()) {
            boolean rotation = entry.operation().equals("rotate") || entry.operation().equals("rollback");
            if (rotation && !entry.outcome().equals("ok") && names.contains(entry.key())) {
                String action = entry.detail() == null ? entry.operation() : entry.operation() + " (" + entry.detail() + ")";
                events.add(new Event(entry.time(), entry.key(), action, 0, entry.actor(), entry.outcome()));
            }
        }
        events.sort(Comparator.comparing(Event::time));
        return events;
    }
}
