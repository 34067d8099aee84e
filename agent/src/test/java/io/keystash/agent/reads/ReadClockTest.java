package io.keystash.agent.reads;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The read clock ticks while reads go on and stops (negative) after a second without one. */
class ReadClockTest {
    private static void await(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void ticksWhileCountsGrowThenStopsAndStartsAgainWhenWoken() throws Exception {
        AtomicLong count = new AtomicLong();
        Map<String, AtomicLong[]> counters = new ConcurrentHashMap<>();
        counters.put("A", new AtomicLong[] {count, new AtomicLong(), new AtomicLong()});
        ReadClock clock = new ReadClock(counters);
        assertThat(clock.clock().get()).isNegative();
        long before = System.currentTimeMillis();

        clock.run(); // as the holder does after its untimed reads
        await(() -> clock.clock().get() > 0, 5_000);
        assertThat(clock.clock().get()).isGreaterThanOrEqualTo(before);
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals(ReadClock.THREAD_NAME) && t.isDaemon());

        // Reads going on keep it ticking past a second.
        long until = System.currentTimeMillis() + 1_500;
        while (System.currentTimeMillis() < until) {
            count.incrementAndGet();
            Thread.sleep(50);
        }
        assertThat(clock.clock().get()).isPositive();

        // No read for over a second: it stops, and the untimed count starts again from zero.
        clock.untimed().set(99);
        await(() -> clock.clock().get() < 0, 5_000);
        assertThat(clock.clock().get()).isNegative();
        assertThat(clock.untimed().get()).isZero();

        clock.run();
        await(() -> clock.clock().get() > 0, 5_000);
        assertThat(clock.clock().get()).isPositive();
    }
}
