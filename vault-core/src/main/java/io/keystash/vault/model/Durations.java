package io.keystash.vault.model;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as users type them: a number and a unit, or several in a row — {@code 500ms},
 * {@code 90s}, {@code 30m}, {@code 8h}, {@code 1h30m}, {@code 2d}. For how long an unlock
 * session holds, and time limits.
 */
public final class Durations {
    /** The longest duration accepted: a year. */
    public static final Duration MAX = Duration.ofDays(365);

    private Durations() {
    }

    /** Parses {@code text}; {@code what} names it in the refusal (INVALID_INPUT). Zero is allowed. */
    public static Duration parse(String text, String what) throws VaultException {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Duration total = Duration.ZERO;
        int i = 0;
        boolean any = false;
        while (i < trimmed.length() && trimmed.length() <= 32) {
            int digits = i;
            while (digits < trimmed.length() && Character.isDigit(trimmed.charAt(digits))) {
                digits++;
            }
            int unitEnd = digits;
            while (unitEnd < trimmed.length() && Character.isLetter(trimmed.charAt(unitEnd))) {
                unitEnd++;
            }
            if (digits == i || digits - i > 9 || unitEnd == digits) {
                throw invalid(text, what);
            }
            long number = Long.parseLong(trimmed.substring(i, digits));
            Duration part = switch (trimmed.substring(digits, unitEnd)) {
                case "ms" -> Duration.ofMillis(number);
                case "s" -> Duration.ofSeconds(number);
                case "m", "min" -> Duration.ofMinutes(number);
                case "h" -> Duration.ofHours(number);
                case "d" -> Duration.ofDays(number);
                default -> null;
            };
            if (part == null) {
                throw invalid(text, what);
            }
            total = total.plus(part);
            if (total.compareTo(MAX) > 0) {
                throw invalid(text, what);
            }
            any = true;
            i = unitEnd;
        }
        if (!any || i != trimmed.length()) {
            throw invalid(text, what);
        }
        return total;
    }

    /** Short text for people: {@code 8h}, {@code 1h30m}, {@code 45s}, {@code 500ms}. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.toMillis() < 1000) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.toSeconds();
        StringBuilder text = new StringBuilder();
        long days = seconds / 86_400;
        long hours = seconds / 3600 % 24;
        long minutes = seconds / 60 % 60;
        long rest = seconds % 60;
        if (days > 0) {
            text.append(days).append('d');
        }
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (minutes > 0) {
            text.append(minutes).append('m');
        }
        if (rest > 0) {
            text.append(rest).append('s');
        }
        return text.toString();
    }

    private static VaultException invalid(String text, String what) {
        return new VaultException(Failure.INVALID_INPUT, "invalid " + what + " " + Names.quote(text)
                + ": expected a duration such as 90s, 30m, 8h, 1h30m or 2d (at most 365d)");
    }
}
