package io.keystash.cli.keys;

import io.keystash.vault.VaultException;
import io.keystash.vault.model.DayPeriods;
import picocli.CommandLine.Option;

import java.time.LocalDate;

/**
 * {@code --expires DATE} or {@code --expires-in PERIOD}, one or the other (a picocli exclusive
 * group): the same pair, with the same parsing, wherever a key's expiry is set ({@code store},
 * {@code rotate}).
 */
public final class ExpiryOptions {
    @Option(names = "--expires", paramLabel = "DATE", description = "Expiry date, YYYY-MM-DD.")
    String date;

    @Option(names = "--expires-in", paramLabel = "PERIOD", description = "Expiry from today (UTC days): 90d, 12w, 1y.")
    String period;

    /** The expiry date asked for, counting {@code --expires-in} from {@code today}. */
    public LocalDate expires(LocalDate today) throws VaultException {
        return date != null ? DayPeriods.parseDate(date) : today.plusDays(DayPeriods.parseDays(period));
    }
}
