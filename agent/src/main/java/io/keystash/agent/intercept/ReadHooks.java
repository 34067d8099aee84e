package io.keystash.agent.intercept;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What the holder needs from the read map (see {@code reads.ReadMap}), all of JDK types, as the
 * holder can see no other.
 *
 * @param wholeReads counts whole reads of {@code System.getenv()}
 * @param firstRead  called with a served name at its first read, and with {@code ""} at the first
 *                   whole read (may be null)
 * @param clock      the read clock in milliseconds, negative while nobody ticks it
 * @param untimed    reads that took the time themselves since the clock last stopped
 * @param wakeClock  asks for the clock to tick (may be null)
 */
public record ReadHooks(AtomicLong wholeReads, Consumer<String> firstRead, AtomicLong clock, AtomicLong untimed,
                        Runnable wakeClock) {
    /** No read map: counts go nowhere anyone reads, times are taken at each read. */
    public static ReadHooks none() {
        return new ReadHooks(new AtomicLong(), null, new AtomicLong(-1), new AtomicLong(), null);
    }
}
