package io.keystash.agent.reads;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The time reads are stamped with, so that a read need not ask the system clock: a read of
 * {@code System.currentTimeMillis()} costs as much as the JDK's whole {@code getenv} on some
 * machines (a virtualised clock), and a program that reads a key in a loop would pay it each time.
 *
 * <p>While nobody ticks it ({@link #clock} negative) each read takes the time itself; after a few
 * hundred such reads the holder calls {@link #run}, which starts (once) or wakes the
 * {@code keystash-agent-clock} daemon thread. That thread sets the clock once a second while the
 * served names' counts keep growing; after a second without a read it makes the clock negative
 * again and parks until woken. So a short program never starts it, a program reading in a loop
 * pays a volatile read per read and one wake-up a second, and an idle one nothing. Times are to
 * the second while it ticks.
 */
final class ReadClock implements Runnable {
    static final long TICK_NANOS = 1_000_000_000L;
    static final String THREAD_NAME = "keystash-agent-clock";

    private final AtomicLong clock = new AtomicLong(-1);
    private final AtomicLong untimed = new AtomicLong();
    private final Map<String, AtomicLong[]> counters;
    private Thread thread;

    /** @param counters every served name's counters (a live map: names served later count too) */
    ReadClock(Map<String, AtomicLong[]> counters) {
        this.counters = counters;
    }

    AtomicLong clock() {
        return clock;
    }

    AtomicLong untimed() {
        return untimed;
    }

    /** Called by a reading thread: tick, starting the thread the first time. */
    @Override
    public void run() {
        Thread ticking;
        synchronized (this) {
            ticking = thread;
            if (ticking == null) {
                ticking = new Thread(new Ticking(), THREAD_NAME);
                ticking.setDaemon(true);
                thread = ticking;
                ticking.start();
                return;
            }
        }
        LockSupport.unpark(ticking);
    }

    /** The sum of every served name's count. */
    private long reads() {
        long total = 0;
        for (AtomicLong[] named : counters.values()) {
            total += named[0].get();
        }
        return total;
    }

    /** The thread's loop: tick while reads go on, park while they do not. */
    private final class Ticking implements Runnable {
        @Override
        public void run() {
            while (true) {
                long before = reads();
                clock.set(System.currentTimeMillis());
                LockSupport.parkNanos(this, TICK_NANOS);
                if (reads() == before) {
                    clock.set(-1);   // reads take the time themselves again …
                    untimed.set(0);  // … and ask for the ticking again after a few hundred
                    LockSupport.park(this);
                }
            }
        }
    }
}
