package io.keystash.vault.model;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;

import java.util.Locale;

/**
 * A provider's request budget for a key, {@code N/s|min|h|day}: metadata for people and tools,
 * not enforced by Keystash.
 */
public record RateLimit(long count, String unit) {
    public RateLimit {
        if (count < 1 || !(unit.equals("s") || unit.equals("min") || unit.equals("h") || unit.equals("day"))) {
            throw new IllegalArgumentException("bad rate limit");
        }
    }

    /** Parses {@code 60/min}; anything else is an INVALID_INPUT failure. */
    public static RateLimit parse(String text) throws VaultException {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        int slash = trimmed.indexOf('/');
        try {
            if (slash > 0) {
                long count = Long.parseLong(trimmed.substring(0, slash));
                return new RateLimit(count, trimmed.substring(slash + 1));
            }
        } catch (IllegalArgumentException e) {
            // fall through to the message below
        }
        throw new VaultException(Failure.INVALID_INPUT,
                "invalid rate limit " + Names.quote(text) + ": expected N/s, N/min, N/h or N/day");
    }

    @Override
    public String toString() {
        return count + "/" + unit;
    }
}
