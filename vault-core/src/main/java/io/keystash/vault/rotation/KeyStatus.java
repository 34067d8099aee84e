package io.keystash.vault.rotation;

import io.keystash.vault.model.KeyEntry;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A key's age and rotation state on a given day, for {@code report}, {@code list} and
 * {@code check-expiry}.
 *
 * @param key            the key's name
 * @param provider       its provider
 * @param ageDays        days since the key was first stored
 * @param lastRotated    day of the last change of value, or null if never rotated
 * @param dueDate        day it is due (expiry or period), or null
 * @param daysLeft       days until due (negative: overdue), or null
 * @param expires        expiry date, or null
 * @param overdue        due date passed
 * @param rotations      how many times the value changed after the first store
 * @param meanIntervalDays mean days between value changes, or null with fewer than two versions
 */
public record KeyStatus(String key, String provider, long ageDays, LocalDate lastRotated, LocalDate dueDate,
                        Long daysLeft, LocalDate expires, boolean overdue, int rotations, Double meanIntervalDays) {

    public static KeyStatus of(KeyEntry key, LocalDate today) {
        LocalDate created = day(key.created());
        LocalDate due = DueKeys.dueDate(key).orElse(null);
        Long daysLeft = due == null ? null : ChronoUnit.DAYS.between(today, due);
        int rotations = key.current().number() - 1;
        LocalDate lastRotated = rotations == 0 ? null : day(key.current().created());
        List<io.keystash.vault.model.KeyVersion> versions = key.versions();
        Double mean = null;
        if (versions.size() >= 2) {
            long span = ChronoUnit.SECONDS.between(versions.get(0).created(), versions.get(versions.size() - 1).created());
            mean = span / 86_400.0 / (versions.size() - 1);
        }
        return new KeyStatus(key.name(), key.metadata().provider(), ChronoUnit.DAYS.between(created, today),
                lastRotated, due, daysLeft, key.metadata().expires(), daysLeft != null && daysLeft < 0, rotations, mean);
    }

    private static LocalDate day(java.time.Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
