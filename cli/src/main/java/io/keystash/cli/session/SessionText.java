package io.keystash.cli.session;

import io.keystash.vault.model.Durations;
import io.keystash.vault.session.SessionStatus;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** How an unlock session's times read for people: local time, with the date when it is not today. */
public final class SessionText {
    private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter OTHER_DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private SessionText() {
    }

    public static String time(Instant instant) {
        ZonedDateTime local = instant.atZone(ZoneId.systemDefault());
        return local.toLocalDate().equals(LocalDate.now(ZoneId.systemDefault())) ? local.format(TODAY) : local.format(OTHER_DAY);
    }

    /** One line: vault, until when, what it holds, its process. */
    public static String describe(SessionStatus status) {
        return "unlocked: " + status.vault() + " until " + time(status.endsAt())
                + (status.idle() == null ? "" : " (ends after " + Durations.format(status.idle()) + " unused; --for ends it at "
                + time(status.until()) + " at the latest)")
                + "; holds the " + status.kind().label() + " key from " + status.origin()
                + "; session process " + status.pid();
    }
}
