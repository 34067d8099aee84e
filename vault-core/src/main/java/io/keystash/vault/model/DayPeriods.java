package io.keystash.vault.model;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Periods and dates as users type them: {@code 90d}, {@code 12w}, {@code 1y} (days, weeks,
 * 365-day years) and ISO dates {@code 2027-01-31}. Expiry and rotation work in whole days.
 */
public final class DayPeriods {
    /** Longest period accepted: 100 years, far beyond any key's life. */
    public static final int MAX_DAYS = 36_500;

    private DayPeriods() {
    }

    /** Parses {@code 90d}, {@code 12w} or {@code 1y} to a number of days (0 allowed for "today"). */
    public static int parseDays(String text) throws VaultException {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (trimmed.length() >= 2 && trimmed.length() <= 8) {
            char unit = trimmed.charAt(trimmed.length() - 1);
            int factor = unit == 'd' ? 1 : unit == 'w' ? 7 : unit == 'y' ? 365 : -1;
            String digits = trimmed.substring(0, trimmed.length() - 1);
            if (factor > 0 && digits.chars().allMatch(Character::isDigit)) {
                long days = Long.parseLong(digits) * factor;
                if (days <= MAX_DAYS) {
                    return (int) days;
                }
            }
        }
        throw new VaultException(Failure.INVALID_INPUT, "invalid period " + Names.quote(text)
                + ": expected a number of days, weeks or years such as 90d, 12w or 1y (at most " + MAX_DAYS + " days)");
    }

    /** Parses an ISO date {@code YYYY-MM-DD}. */
    public static LocalDate parseDate(String text) throws VaultException {
        try {
            LocalDate date = LocalDate.parse(text == null ? "" : text.trim());
            if (date.getYear() < 1970 || date.getYear() > 9999) {
                throw new DateTimeParseException("out of range", text, 0);
            }
            return date;
        } catch (DateTimeParseException e) {
            throw new VaultException(Failure.INVALID_INPUT,
                    "invalid date " + Names.quote(text) + ": expected YYYY-MM-DD");
        }
    }

    /** {@code 90d} style text for a number of days. */
    public static String format(int days) {
        return days + "d";
    }
}
