package io.keystash.vault.rotation;

import io.keystash.vault.model.KeyEntry;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * When a key is due: at its expiry date, or a rotation period after its last change, whichever
 * comes first.
 */
final class DueKeys {
    private DueKeys() {
    }

    /** The day the key is due for rotation, if it has an expiry or a rotation period. */
    public static Optional<LocalDate> dueDate(KeyEntry key) {
        LocalDate byExpiry = key.metadata().expires();
        LocalDate byPeriod = key.metadata().rotateEveryDays() == null ? null
                : key.lastChanged().atZone(ZoneOffset.UTC).toLocalDate().plusDays(key.metadata().rotateEveryDays());
        if (byExpiry == null) {
            return Optional.ofNullable(byPeriod);
        }
        return Optional.of(byPeriod == null || byExpiry.isBefore(byPeriod) ? byExpiry : byPeriod);
    }

    /** True when the key is due on or before {@code today + withinDays}. */
    public static boolean isDue(KeyEntry key, LocalDate today, int withinDays) {
        return dueDate(key).map(due -> !due.isAfter(today.plusDays(withinDays))).orElse(false);
    }
}
