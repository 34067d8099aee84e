package io.keystash.vault.session;

import io.keystash.vault.format.SlotKind;

import java.time.Duration;
import java.time.Instant;

/**
 * What a running unlock session says about itself ({@code keystash unlock --status}): never a key.
 *
 * @param pid      the session process
 * @param kind     the kind of slot it holds the key of
 * @param origin   where that key came from ("terminal prompt", "key file /x", …)
 * @param vault    the vault file it was started for
 * @param started  when it started
 * @param until    when it ends at the latest ({@code --for})
 * @param idle     how long it may go unused ({@code --idle}), or null for no limit
 * @param lastUse  when a client last had a slot opened (its start, before that)
 */
public record SessionStatus(long pid, SlotKind kind, String origin, String vault, Instant started, Instant until,
                            Duration idle, Instant lastUse) {
    /** When it ends: {@link #until}, or earlier when it stays unused for {@link #idle}. */
    public Instant endsAt() {
        if (idle == null) {
            return until;
        }
        Instant idleEnd = lastUse.plus(idle);
        return idleEnd.isBefore(until) ? idleEnd : until;
    }
}
