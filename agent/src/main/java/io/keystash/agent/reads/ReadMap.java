package io.keystash.agent.reads;

import io.keystash.agent.intercept.ReadHooks;
import io.keystash.vault.VaultException;
import io.keystash.vault.access.NameReads;
import io.keystash.vault.access.ProgramReads;
import io.keystash.vault.access.ReadLog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One program run's read map: the counters of every variable served during the run (a name keeps
 * its counters across reloads), the properties served (their reads are not seen: they are plain
 * system properties), the first callers, and the run's facts. {@link #write} appends it to
 * {@code KEYSTASH_HOME/access/reads.log} ({@link ReadLog}); the agent calls it at each reload and
 * from a shutdown hook.
 *
 * <p>A run's start is over at its first reload, else {@value #START_WINDOW_MILLIS} ms after the
 * agent started: a key read only before then is one a reload will not reach.
 */
public final class ReadMap {
    /** A start lasts at most this long (a Spring Boot application's, say) unless a reload ends it first. */
    static final long START_WINDOW_MILLIS = 60_000;
    // Counter slots, as the holder fills them.
    private static final int COUNT = 0;
    private static final int FIRST = 1;
    private static final int LAST = 2;

    private final Path home;
    private final String profile;
    private final String vault;
    private final long started;
    private String run;
    private final ConcurrentHashMap<String, AtomicLong[]> variables = new ConcurrentHashMap<>();
    private final Set<String> properties = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, String> callers = new ConcurrentHashMap<>();
    private final AtomicLong wholeReads = new AtomicLong();
    private final FirstCaller firstCaller = new FirstCaller(callers);
    private final ReadClock clock = new ReadClock(variables);
    private volatile long firstReload;
    private volatile int reloads;

    /**
     * @param home    {@code KEYSTASH_HOME}; nothing is written when it does not exist
     * @param profile the profile served
     * @param vault   the vault file it is served from
     */
    public ReadMap(Path home, String profile, String vault) {
        this.home = home;
        this.profile = profile;
        this.vault = vault;
        this.started = System.currentTimeMillis();
    }

    /** What the holder needs to count reads: the whole-read counter, the first-read callback, the read clock. */
    public ReadHooks hooks() {
        return new ReadHooks(wholeReads, firstCaller, clock.clock(), clock.untimed(), clock);
    }

    /** Called by the holder at a served name's first read (in the hooks). */
    Consumer<String> firstRead() {
        return firstCaller;
    }

    /**
     * The counters of {@code served} variables for a version of what is served: a name served
     * before keeps its counters. Records the names as served.
     */
    public Map<String, AtomicLong[]> counters(Collection<String> served) {
        Map<String, AtomicLong[]> counters = new ConcurrentHashMap<>();
        for (String name : served) {
            AtomicLong[] existing = variables.get(name);
            if (existing == null) {
                AtomicLong[] made = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
                existing = variables.putIfAbsent(name, made);
                if (existing == null) {
                    existing = made;
                }
            }
            counters.put(name, existing);
        }
        return counters;
    }

    /** Records properties as served (their reads are not counted). */
    public void propertiesServed(Collection<String> names) {
        properties.addAll(names);
    }

    /** A reload was served. */
    public void reloaded(long when) {
        if (firstReload == 0) {
            firstReload = when;
        }
        reloads++;
    }

    /** The record as of {@code now}. */
    public ProgramReads record(String reason, long now) {
        List<NameReads> names = new ArrayList<>(variables.size() + properties.size());
        for (Map.Entry<String, AtomicLong[]> entry : variables.entrySet()) {
            AtomicLong[] counters = entry.getValue();
            long count = counters[COUNT].get();
            long first = counters[FIRST].get();
            long last = counters[LAST].get();
            String caller = callers.get(entry.getKey());
            names.add(new NameReads(NameReads.Kind.VARIABLE, entry.getKey(), count, count == 0 ? 0 : first,
                    count == 0 ? 0 : Math.max(first, last), caller == null || caller.isEmpty() ? null : caller));
        }
        for (String property : properties) {
            names.add(new NameReads(NameReads.Kind.PROPERTY, property, NameReads.NOT_OBSERVED, 0, 0, null));
        }
        long startEnded = firstReload != 0 ? firstReload
                : now - started >= START_WINDOW_MILLIS ? started + START_WINDOW_MILLIS : 0;
        String wholeBy = callers.get("");
        return new ProgramReads(run(), program(), profile, vault, started, now, startEnded, reason, reloads,
                wholeReads.get(), wholeBy == null || wholeBy.isEmpty() ? null : wholeBy, names);
    }

    /** Appends the record; false when nothing was written (no home, or it cannot be written). */
    public boolean write(String reason) {
        try {
            return ReadLog.append(home, record(reason, System.currentTimeMillis()));
        } catch (VaultException | RuntimeException e) {
            return false;
        }
    }

    /** The run's id: process id and start time (asked only when writing: not on the start path). */
    private synchronized String run() {
        if (run == null) {
            run = pid() + "-" + started;
        }
        return run;
    }

    /**
     * This process's id: {@code /proc/self}'s target on Linux, else {@code ProcessHandle}'s, whose
     * class starts a thread pool on first use — at a program's exit, where every millisecond shows.
     */
    static long pid() {
        try {
            Path self = Path.of("/proc/self");
            if (Files.isSymbolicLink(self)) {
                return Long.parseLong(Files.readSymbolicLink(self).toString());
            }
        } catch (IOException | RuntimeException e) {
            // ask the JDK below
        }
        return ProcessHandle.current().pid();
    }

    /**
     * The main class, or the jar of {@code java -jar}, as the JVM was launched: the first word of
     * {@code sun.java.command} (never the program's arguments, which may hold anything).
     */
    static String program() {
        String command = System.getProperty("sun.java.command");
        if (command == null || command.isBlank()) {
            return "unknown";
        }
        String trimmed = command.trim();
        int space = trimmed.indexOf(' ');
        return space < 0 ? trimmed : trimmed.substring(0, space);
    }
}
