package io.keystash.vault.rotation;

import io.keystash.vault.model.KeyEntry;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** The keys whose expiry date has passed or falls within a window, for {@code check-expiry}. */
public final class ExpiryCheck {
    /**
     * One finding.
     *
     * @param key      key name
     * @param expires  its expiry date
     * @param daysLeft days until it (negative when expired)
     * @param expired  true when the date has passed
     */
    public record Finding(String key, LocalDate expires, long daysLeft, boolean expired) {
    }

    private ExpiryCheck() {
    }

    /** Keys expired or expiring on or before {@code today + withinDays}, soonest first. */
    public static List<Finding> find(List<KeyEntry> keys, LocalDate today, int withinDays) {
        List<Finding> findings = new ArrayList<>();
        for (KeyEntry key : keys) {
            LocalDate expires = key.metadata().expires();
            if (expires != null && !expires.isAfter(today.plusDays(withinDays))) {
                long left = ChronoUnit.DAYS.between(today, expires);
                findings.add(new Finding(key.name(), expires, left, left < 0));
            }
        }
        findings.sort((a, b) -> Long.compare(a.daysLeft(), b.daysLeft()));
        return findings;
    }
}
