package io.keystash.agent.boot;

import java.io.IOException;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The environment the program and its children see. This class is never used under this name:
 * the agent renames its package to {@code java.lang} and defines it into {@code java.base}, where
 * {@code System} and {@code ProcessBuilder} call it instead of {@code ProcessEnvironment} and
 * {@code ProcessImpl} (same method names and descriptors). Its calls to {@link ProcessEnvironment}
 * and {@link ProcessImpl} become calls to the JDK's package-private classes of those names.
 *
 * <p>It may refer to JDK types only (the boot loader sees nothing else), uses no lambdas, and never
 * calls {@code getenv} or {@code getProperty}.
 *
 * <p><b>Versions.</b> An instance is one version of what is served: the program's variables, the
 * variables added to a child's inherited environment, and the read counters of the names the
 * profile served. One version is current, behind one volatile reference; a reload
 * {@linkplain #publish publishes} a new one whole, so every read sees one version entirely, old
 * or new, never a mix and never a missing name. The first version's maps are handed over empty by
 * {@link #install} and filled by the agent before {@code System} is redefined to call this class
 * (the redefinition is a safepoint, so every thread sees them filled); a published version's maps
 * are filled before it is published and never changed after.
 *
 * <p><b>{@code System.getenv()}</b> returns one object for the life of the JVM, {@link #VIEW}, an
 * unmodifiable map whose every call answers from the current version: a program (or Spring's
 * {@code StandardEnvironment}) that kept the map at start sees a reload, like one that calls
 * {@code getenv(name)} again. A single call is one version; so is a whole read — an iteration, a
 * copy, {@code equals}, {@code forEach} — which takes its entries from the version current when it
 * began. Two separate calls may see two versions, as two {@code getenv(name)} calls may.
 *
 * <p><b>Reads.</b> {@code getenv(name)} and {@code getenv().get(name)} of a name the profile served
 * count a read: one atomic increment and the time in the name's counters ({@code [count, first
 * read, last read]}, times in milliseconds; {@code AtomicLong}s, which need no {@code VarHandle}
 * and so spin no method handle at a program's first read; the time from a read clock, see
 * {@link #count}), and at the name's first read one call of the agent's
 * callback, which walks the stack once for that name. A whole read of the map (an iteration, a
 * copy) is counted apart, its first one reported to the callback under the empty name.
 * Why a {@link ConcurrentHashMap}: it answers a name it does not hold after one hash and one empty
 * bucket (an immutable {@code Map.copyOf} probes on through its open-addressed table, and a program
 * asking for unset names paid 1.7× the JDK's own lookup), and it throws
 * {@code NullPointerException} for a null name, like the JDK's environment map.
 */
public final class KeystashEnvironment extends AbstractMap<String, String> {
    static final int COUNT = 0;
    static final int FIRST = 1;
    static final int LAST = 2;

    /** The version served. */
    private static volatile KeystashEnvironment current;
    /** What {@code System.getenv()} returns: answers from {@link #current}. */
    private static final KeystashEnvironment VIEW = new KeystashEnvironment(null, null, null);
    /** Reads that took the clock themselves before the agent's clock thread is asked to tick. */
    static final int CLOCK_AFTER = 256;

    private static String[] hidden;
    private static AtomicLong wholeReads;
    private static Consumer<String> firstRead;
    /** Milliseconds, kept current by the agent's clock thread while reads go on; negative: not ticking. */
    private static AtomicLong clock;
    private static AtomicLong untimed;
    private static Runnable wakeClock;

    private final ConcurrentHashMap<String, String> variables;
    private final Map<String, String> readOnly;
    private final Map<String, String> childAdditions;
    private final ConcurrentHashMap<String, AtomicLong[]> reads;

    private KeystashEnvironment(ConcurrentHashMap<String, String> variables, Map<String, String> childAdditions,
                                ConcurrentHashMap<String, AtomicLong[]> reads) {
        this.variables = variables;
        this.readOnly = variables == null ? null : Collections.unmodifiableMap(variables);
        this.childAdditions = childAdditions == null ? null : Collections.unmodifiableMap(childAdditions);
        this.reads = reads;
    }

    /**
     * Sets the state and the first version, once; the agent calls this right after defining the
     * class, while the vault may still be being read on another thread. The agent then fills the
     * three maps, and only after that redefines {@code System} and {@code ProcessBuilder} to call
     * this class. (Handing over empty maps first keeps the reflective call off the wait for the
     * vault; filling them is plain Java.)
     *
     * <p>One array rather than six parameters: on JDK 18 and later a reflective call of a method
     * with more than a few parameters spins method handles (tens of milliseconds of a cold start),
     * one with a single parameter does not. In {@code state}, in this order:
     * <ol start="0">
     *   <li>{@code ConcurrentHashMap<String, String>}: what {@code System.getenv()} shows once
     *       filled: the real environment less the unlock variables, plus the profile's;</li>
     *   <li>{@code Map<String, String>}: once filled, variables added to a child's inherited
     *       environment (none for {@code children=none});</li>
     *   <li>{@code ConcurrentHashMap<String, AtomicLong[]>}: once filled, each variable the profile
     *       serves → its read counters {@code [count, first, last]};</li>
     *   <li>{@code Set<String>}: variables removed from a child's inherited environment;</li>
     *   <li>{@code AtomicLong}: counts whole reads of {@code System.getenv()};</li>
     *   <li>{@code Consumer<String>} or null: called with a served name at its first read, and with
     *       {@code ""} at the first whole read, on the reading thread;</li>
     *   <li>{@code AtomicLong}: the read clock, in milliseconds, negative while nobody ticks it;</li>
     *   <li>{@code AtomicLong}: reads that took the clock themselves since it last stopped;</li>
     *   <li>{@code Runnable} or null: asks the agent to tick the read clock.</li>
     * </ol>
     */
    @SuppressWarnings("unchecked")
    public static synchronized void install(Object[] state) {
        if (current != null) {
            throw new IllegalStateException("installed already");
        }
        hidden = ((Set<String>) state[3]).toArray(new String[0]);
        wholeReads = (AtomicLong) state[4];
        firstRead = (Consumer<String>) state[5];
        clock = (AtomicLong) state[6];
        untimed = (AtomicLong) state[7];
        wakeClock = (Runnable) state[8];
        current = new KeystashEnvironment((ConcurrentHashMap<String, String>) state[0], (Map<String, String>) state[1],
                (ConcurrentHashMap<String, AtomicLong[]>) state[2]);
    }

    /**
     * Makes a new version current, in one step. The maps must be complete and are never changed
     * afterwards.
     */
    public static synchronized void publish(ConcurrentHashMap<String, String> program, Map<String, String> forChildren,
                                            ConcurrentHashMap<String, AtomicLong[]> served) {
        if (current == null) {
            throw new IllegalStateException("not installed");
        }
        current = new KeystashEnvironment(program, forChildren, served);
    }

    /** {@code System.getenv(String)}. A null name throws NullPointerException, as in the JDK. */
    static String getenv(String name) {
        KeystashEnvironment version = current;
        String value = version.variables.get(name);
        if (value != null) {
            AtomicLong[] counters = version.reads.get(name);
            if (counters != null) {
                count(counters, name);
            }
        }
        return value;
    }

    /** {@code System.getenv()}: always the same unmodifiable map. */
    static Map<String, String> getenv() {
        return VIEW;
    }

    /**
     * One read: the count, and the time from the read clock. The clock costs a volatile read while
     * the agent's clock thread ticks it (once a second, while reads go on); otherwise the read takes
     * the time itself, and after {@value #CLOCK_AFTER} such reads asks for the ticking: a read of
     * the system clock costs as much as the JDK's whole {@code getenv} on some machines, and a
     * program that reads a key in a loop must not pay it each time.
     */
    private static void count(AtomicLong[] counters, String name) {
        long now = clock.get();
        if (now < 0) {
            now = System.currentTimeMillis();
            if (untimed.incrementAndGet() == CLOCK_AFTER) {
                Runnable wake = wakeClock;
                if (wake != null) {
                    try {
                        wake.run();
                    } catch (Throwable ignored) {
                        // no ticking: reads go on taking the time themselves
                    }
                }
            }
        }
        if (counters[COUNT].getAndIncrement() == 0) {
            counters[FIRST].set(now);
            Consumer<String> callback = firstRead;
            if (callback != null) {
                try {
                    callback.accept(name);
                } catch (Throwable ignored) {
                    // the read map is the agent's business: the program's getenv never fails for it
                }
            }
        }
        counters[LAST].lazySet(now);
    }

    private static Map<String, String> wholeRead() {
        AtomicLong counter = wholeReads;
        if (counter != null && counter.getAndIncrement() == 0) {
            Consumer<String> callback = firstRead;
            if (callback != null) {
                try {
                    callback.accept(""); // the whole map's first read: "" names no variable
                } catch (Throwable ignored) {
                    // as in count
                }
            }
        }
        return current.readOnly;
    }

    /**
     * {@code ProcessBuilder.environment()} when the builder has none yet: the JDK's mutable copy of
     * the real environment, less the unlock variables, plus the current version's child additions.
     */
    static Map<String, String> environment() {
        Map<String, String> additions = current.childAdditions;
        Map<String, String> inherited = ProcessEnvironment.environment();
        for (String name : hidden) {
            inherited.remove(name);
        }
        for (Map.Entry<String, String> entry : additions.entrySet()) {
            try {
                inherited.put(entry.getKey(), entry.getValue());
            } catch (RuntimeException notRepresentable) {
                // A name or value an OS environment cannot hold (a NUL, say): the child goes
                // without it rather than the program failing to start the child.
            }
        }
        return inherited;
    }

    /** {@code ProcessImpl.start} from {@code ProcessBuilder.start}: null (inherit) becomes explicit. */
    static Process start(String[] command, Map<String, String> environment, String directory,
                         ProcessBuilder.Redirect[] redirects, boolean redirectErrorStream) throws IOException {
        return ProcessImpl.start(command, environment != null ? environment : environment(), directory,
                redirects, redirectErrorStream);
    }

    // ---- System.getenv()'s map: every method answers from the current version ------------------

    @Override
    public String get(Object name) {
        KeystashEnvironment version = current;
        String value = version.variables.get(name);
        if (value != null) {
            AtomicLong[] counters = version.reads.get(name);
            if (counters != null) {
                count(counters, (String) name);
            }
        }
        return value;
    }

    @Override
    public String getOrDefault(Object name, String defaultValue) {
        String value = get(name);
        return value != null ? value : defaultValue;
    }

    @Override
    public boolean containsKey(Object name) {
        return current.variables.containsKey(name);
    }

    @Override
    public boolean containsValue(Object value) {
        return current.variables.containsValue(value);
    }

    @Override
    public int size() {
        return current.variables.size();
    }

    @Override
    public boolean isEmpty() {
        return current.variables.isEmpty();
    }

    @Override
    public Set<String> keySet() {
        return current.readOnly.keySet();
    }

    @Override
    public Collection<String> values() {
        return wholeRead().values();
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return wholeRead().entrySet();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
        wholeRead().forEach(action);
    }

    @Override
    public boolean equals(Object other) {
        return other == this || wholeRead().equals(other);
    }

    @Override
    public int hashCode() {
        return wholeRead().hashCode();
    }

    @Override
    public String toString() {
        return wholeRead().toString();
    }

    @Override
    public String put(String name, String value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String remove(Object name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void putAll(Map<? extends String, ? extends String> map) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void replaceAll(BiFunction<? super String, ? super String, ? extends String> function) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String putIfAbsent(String name, String value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean remove(Object name, Object value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean replace(String name, String oldValue, String newValue) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String replace(String name, String value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String computeIfAbsent(String name, Function<? super String, ? extends String> function) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String computeIfPresent(String name, BiFunction<? super String, ? super String, ? extends String> function) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String compute(String name, BiFunction<? super String, ? super String, ? extends String> function) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String merge(String name, String value, BiFunction<? super String, ? super String, ? extends String> function) {
        throw new UnsupportedOperationException();
    }
}
