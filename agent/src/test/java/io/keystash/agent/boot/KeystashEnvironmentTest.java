package io.keystash.agent.boot;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The holder as a plain class (not renamed into {@code java.lang}): versions swapped whole, the
 * one map {@code System.getenv()} returns, and the read counters. The holder's state is global and
 * installed once per JVM, so the tests run in order on one installation.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeystashEnvironmentTest {
    private static final AtomicLong WHOLE = new AtomicLong();
    private static final Map<String, AtomicInteger> FIRST_READS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, String> PROGRAM = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, AtomicLong[]> SERVED = new ConcurrentHashMap<>();
    private static final AtomicLong CLOCK = new AtomicLong(-1);
    private static final AtomicLong UNTIMED = new AtomicLong();
    private static final AtomicInteger WAKES = new AtomicInteger();

    @BeforeAll
    static void install() {
        java.util.function.Consumer<String> firstRead =
                name -> FIRST_READS.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        Runnable wake = WAKES::incrementAndGet;
        KeystashEnvironment.install(new Object[] {PROGRAM, new HashMap<>(), SERVED, Set.of("API_KEY_MASTER"), WHOLE, firstRead,
            CLOCK, UNTIMED, wake});
        // filled after install, as the agent does
        PROGRAM.put("PATH", "/bin");
        PROGRAM.put("OPENAI_API_KEY", "sk-one");
        SERVED.put("OPENAI_API_KEY", counters());
    }

    private static AtomicLong[] counters() {
        return new AtomicLong[] {new AtomicLong(), new AtomicLong(), new AtomicLong()};
    }

    private static void publish(Map<String, String> program, Map<String, AtomicLong[]> served) {
        KeystashEnvironment.publish(new ConcurrentHashMap<>(program), Map.of(), new ConcurrentHashMap<>(served));
    }

    @Test
    @Order(1)
    void theFirstVersionIsWhatWasFilledAndTheMapIsAlwaysTheSameUnmodifiableObject() {
        Map<String, String> env = KeystashEnvironment.getenv();
        assertThat(KeystashEnvironment.getenv("OPENAI_API_KEY")).isEqualTo("sk-one");
        assertThat(env.get("PATH")).isEqualTo("/bin");
        assertThat(env).isSameAs(KeystashEnvironment.getenv());
        assertThat(env).containsOnlyKeys("PATH", "OPENAI_API_KEY");
        assertThatThrownBy(() -> env.put("X", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> env.remove("ABSENT")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(env::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> env.entrySet().iterator().next().setValue("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> env.keySet().remove("PATH")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> KeystashEnvironment.getenv(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> env.get(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> KeystashEnvironment.install(new Object[] {PROGRAM, Map.of(), SERVED, Set.of(), WHOLE, null,
            CLOCK, UNTIMED, null}))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    @Order(2)
    void readsOfServedNamesAreCountedAndTheFirstOneCallsBackOnce() {
        AtomicLong[] counters = SERVED.get("OPENAI_API_KEY");
        long count = counters[KeystashEnvironment.COUNT].get();
        long before = System.currentTimeMillis();
        KeystashEnvironment.getenv("OPENAI_API_KEY");
        KeystashEnvironment.getenv().get("OPENAI_API_KEY");
        KeystashEnvironment.getenv().getOrDefault("OPENAI_API_KEY", "none");
        KeystashEnvironment.getenv("PATH"); // not served by the profile: not counted
        KeystashEnvironment.getenv("ABSENT");
        assertThat(count).as("the read of the test before").isPositive();
        assertThat(counters[KeystashEnvironment.COUNT].get()).isEqualTo(count + 3);
        assertThat(counters[KeystashEnvironment.FIRST].get()).isPositive().isLessThanOrEqualTo(counters[KeystashEnvironment.LAST].get());
        assertThat(counters[KeystashEnvironment.LAST].get()).isGreaterThanOrEqualTo(before);
        assertThat(FIRST_READS).containsKey("OPENAI_API_KEY").doesNotContainKey("PATH");
        assertThat(FIRST_READS.get("OPENAI_API_KEY").get()).isEqualTo(1);

        long whole = WHOLE.get();
        KeystashEnvironment.getenv().keySet().size();   // names only: not a whole read
        KeystashEnvironment.getenv().containsKey("X");
        new HashMap<>(KeystashEnvironment.getenv());     // a copy reads every value
        KeystashEnvironment.getenv().forEach((k, v) -> { });
        assertThat(WHOLE.get()).isEqualTo(whole + 2);
        assertThat(FIRST_READS).as("the first whole read is reported as \"\"").containsKey("");
        assertThat(FIRST_READS.get("").get()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void readsTakeTheTimeThemselvesUntilTheyAskForTheClockThenUseIt() {
        AtomicLong[] counters = SERVED.get("OPENAI_API_KEY");
        int wakes = WAKES.get();
        long untimed = UNTIMED.get();
        for (long i = untimed; i < KeystashEnvironment.CLOCK_AFTER + 10; i++) {
            KeystashEnvironment.getenv("OPENAI_API_KEY");
        }
        assertThat(WAKES.get()).as("the clock is asked for once").isEqualTo(wakes + 1);
        assertThat(counters[KeystashEnvironment.LAST].get()).isGreaterThan(1_000_000_000_000L); // a real time
        CLOCK.set(4_242);
        KeystashEnvironment.getenv("OPENAI_API_KEY");
        assertThat(counters[KeystashEnvironment.LAST].get()).as("the ticking clock's time").isEqualTo(4_242);
        CLOCK.set(-1);
    }

    @Test
    @Order(4)
    void aPublishedVersionReplacesTheWholeMapAndTheViewFollowsIt() {
        Map<String, String> kept = KeystashEnvironment.getenv();
        AtomicLong[] counters = SERVED.get("OPENAI_API_KEY");
        long count = counters[KeystashEnvironment.COUNT].get();
        publish(Map.of("PATH", "/bin", "OPENAI_API_KEY", "sk-two", "NEW_KEY", "n-1"),
                Map.of("OPENAI_API_KEY", counters, "NEW_KEY", counters()));
        assertThat(kept.get("OPENAI_API_KEY")).isEqualTo("sk-two");
        assertThat(KeystashEnvironment.getenv("NEW_KEY")).isEqualTo("n-1");
        assertThat(counters[KeystashEnvironment.COUNT].get()).as("a name keeps its counters across versions").isEqualTo(count + 1);

        publish(Map.of("PATH", "/bin"), Map.of());
        assertThat(KeystashEnvironment.getenv("OPENAI_API_KEY")).as("a dropped binding disappears").isNull();
        assertThat(kept).containsOnlyKeys("PATH");
        assertThat(kept).isEqualTo(Map.of("PATH", "/bin"));
        assertThat(kept.hashCode()).isEqualTo(Map.of("PATH", "/bin").hashCode());
    }

    @Test
    @Order(5)
    void readersSeeOneCompleteVersionWhilePublishesRace() throws Exception {
        // Every version v serves A=a-v and B=b-v: a reader must never see null, nor a copy mixing versions.
        publish(version(0), Map.of());
        int threads = 4;
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> problem = new AtomicReference<>();
        AtomicInteger versionsSeen = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(threads);
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread reader = new Thread(() -> {
                started.countDown();
                String last = null;
                int reads = 0;
                while (!done.get() || reads < 10_000) {
                    String a = KeystashEnvironment.getenv("A");
                    String b = KeystashEnvironment.getenv().get("B");
                    Map<String, String> copy = Map.copyOf(KeystashEnvironment.getenv());
                    if (a == null || b == null || !a.startsWith("a-") || !b.startsWith("b-")) {
                        problem.compareAndSet(null, "a missing or torn value");
                    } else if (!copy.get("A").substring(2).equals(copy.get("B").substring(2))) {
                        problem.compareAndSet(null, "a copy mixing two versions");
                    }
                    if (!a.equals(last)) {
                        versionsSeen.incrementAndGet();
                        last = a;
                    }
                    reads++;
                }
            });
            readers.add(reader);
            reader.start();
        }
        started.await(10, TimeUnit.SECONDS);
        for (int v = 1; v <= 500; v++) {
            publish(version(v), Map.of());
            Thread.onSpinWait();
        }
        done.set(true);
        for (Thread reader : readers) {
            reader.join(60_000);
        }
        assertThat(problem.get()).isNull();
        assertThat(versionsSeen.get()).isGreaterThan(threads);
    }

    private static Map<String, String> version(int v) {
        Map<String, String> map = new HashMap<>();
        map.put("A", "a-" + v);
        map.put("B", "b-" + v);
        for (int i = 0; i < 20; i++) {
            map.put("OTHER_" + i, "o-" + v);
        }
        return map;
    }
}
