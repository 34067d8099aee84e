package io.keystash.vault.access;

import io.keystash.vault.model.Binding;
import io.keystash.vault.model.Profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code keystash report --access}: the recorded program runs ({@link ReadLog}) read against a
 * vault's profiles, per bound key: which programs read it and when last, and a verdict — read,
 * read only during start (so a reload will not reach the value the program kept), never read (a
 * candidate to unbind), not read by name (but the whole environment was read at once, as Spring
 * Boot does), or not observed (served as a system property).
 *
 * <p>A key's reads are the reads of the variables it is bound to in that profile; runs count only
 * when they served that profile from this vault.
 */
public final class AccessReport {
    /** What the runs say about one bound key. */
    public enum Verdict {
        /** Read, and read again after its program's start (or the program did not run past its start). */
        READ("read"),
        /** Every program that ran past its start read it only before: it kept the value it read. */
        READ_ONLY_DURING_START("read only during start"),
        /** Served as a variable and never read by any recorded run: a candidate to unbind. */
        NEVER_READ("never read"),
        /**
         * Never read by name, but a program read the whole environment at once (Spring Boot keeps a
         * copy for its relaxed binding) and may use the value from its copy: a weaker candidate.
         */
        NOT_READ_BY_NAME("not read by name"),
        /** Served as a system property, whose reads are not seen. */
        NOT_OBSERVED("not observed"),
        /** No recorded run served it (bound since, or no program ran with this profile). */
        NOT_SERVED("not served yet");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        /** How the report prints it. */
        public String text() {
            return text;
        }
    }

    /**
     * One program's reads of a key.
     *
     * @param program     the main class or jar
     * @param runs        how many of its runs read the key
     * @param reads       reads over those runs
     * @param lastRead    the last read (milliseconds since the epoch)
     * @param firstCaller the first class outside the JDK that read it, in its earliest run
     */
    public record ProgramUse(String program, int runs, long reads, long lastRead, String firstCaller) {
    }

    /**
     * One bound key in one profile.
     *
     * @param profile  the profile
     * @param key      the key
     * @param names    the variables and properties it is bound to
     * @param programs the programs that read it, most recent first
     * @param verdict  what the runs say
     * @param note     why the verdict is what it is, when that is not obvious; or null
     */
    public record KeyAccess(String profile, String key, List<String> names, List<ProgramUse> programs, Verdict verdict,
                            String note) {
        public KeyAccess {
            names = List.copyOf(names);
            programs = List.copyOf(programs);
        }

        /** Reads over every program. */
        public long reads() {
            long total = 0;
            for (ProgramUse use : programs) {
                total += use.reads();
            }
            return total;
        }

        /** The last read by any program, 0 if none. */
        public long lastRead() {
            long last = 0;
            for (ProgramUse use : programs) {
                last = Math.max(last, use.lastRead());
            }
            return last;
        }
    }

    private final List<KeyAccess> keys;
    private final int runs;

    private AccessReport(List<KeyAccess> keys, int runs) {
        this.keys = keys;
        this.runs = runs;
    }

    /**
     * @param profiles  the profiles to report, with their bindings
     * @param recorded  every recorded run ({@link ReadLog#read})
     * @param sameVault whether a run's vault path is this vault
     */
    public static AccessReport of(List<Profile> profiles, List<ProgramReads> recorded, Predicate<String> sameVault) {
        List<KeyAccess> keys = new ArrayList<>();
        Set<String> counted = new LinkedHashSet<>();
        for (Profile profile : profiles) {
            List<ProgramReads> runs = new ArrayList<>();
            for (ProgramReads run : recorded) {
                if (run.profile().equals(profile.name()) && sameVault.test(run.vault())) {
                    runs.add(run);
                    counted.add(run.run());
                }
            }
            Map<String, List<Binding>> byKey = new LinkedHashMap<>();
            for (Binding binding : profile.bindings()) {
                byKey.computeIfAbsent(binding.key(), k -> new ArrayList<>()).add(binding);
            }
            for (Map.Entry<String, List<Binding>> entry : byKey.entrySet()) {
                keys.add(key(profile.name(), entry.getKey(), entry.getValue(), runs));
            }
        }
        return new AccessReport(Collections.unmodifiableList(keys), counted.size());
    }

    private static KeyAccess key(String profile, String key, List<Binding> bindings, List<ProgramReads> runs) {
        Set<String> variables = new LinkedHashSet<>();
        Set<String> properties = new LinkedHashSet<>();
        List<String> names = new ArrayList<>();
        for (Binding binding : bindings) {
            if (binding.env() != null && variables.add(binding.env())) {
                names.add(binding.env());
            }
            if (binding.property() != null && properties.add(binding.property())) {
                names.add(binding.property());
            }
        }
        Map<String, ProgramUse> programs = new LinkedHashMap<>();
        Map<String, Long> earliest = new LinkedHashMap<>();
        boolean served = false;
        Set<String> wholeReaders = new LinkedHashSet<>();
        boolean wholeRead = false;
        boolean pastStartRead = false;
        boolean readAfterStart = false;
        for (ProgramReads run : runs) {
            long reads = 0;
            long first = Long.MAX_VALUE;
            long last = 0;
            String caller = null;
            for (NameReads name : run.names()) {
                boolean ours = name.kind() == NameReads.Kind.VARIABLE ? variables.contains(name.name())
                        : properties.contains(name.name());
                if (!ours) {
                    continue;
                }
                served = true;
                if (name.read()) {
                    reads += name.count();
                    last = Math.max(last, name.last());
                    if (name.first() < first) {
                        first = name.first();
                        caller = name.caller();
                    }
                }
            }
            if (run.wholeReads() > 0) {
                wholeRead = true;
                wholeReaders.add(run.wholeReadBy() != null ? run.wholeReadBy() : run.program());
            }
            if (reads == 0) {
                continue;
            }
            if (run.pastStart()) {
                pastStartRead = true;
                readAfterStart |= last >= run.startEnded();
            }
            ProgramUse before = programs.get(run.program());
            if (before == null) {
                programs.put(run.program(), new ProgramUse(run.program(), 1, reads, last, caller));
                earliest.put(run.program(), first);
            } else {
                boolean earlier = first < earliest.get(run.program());
                if (earlier) {
                    earliest.put(run.program(), first);
                }
                programs.put(run.program(), new ProgramUse(run.program(), before.runs() + 1, before.reads() + reads,
                        Math.max(before.lastRead(), last), earlier ? caller : before.firstCaller()));
            }
        }
        List<ProgramUse> uses = new ArrayList<>(programs.values());
        uses.sort((a, b) -> Long.compare(b.lastRead(), a.lastRead()));
        Verdict verdict;
        String note = null;
        if (!uses.isEmpty()) {
            verdict = pastStartRead && !readAfterStart ? Verdict.READ_ONLY_DURING_START : Verdict.READ;
            if (verdict == Verdict.READ && !pastStartRead) {
                note = "no program that read it ran past its start; whether a reload reaches it is not known";
            }
        } else if (!served) {
            verdict = Verdict.NOT_SERVED;
        } else if (!properties.isEmpty()) {
            verdict = Verdict.NOT_OBSERVED;
            note = variables.isEmpty() ? "served as a system property, whose reads are not seen"
                    : "never read as a variable; reads of its system property are not seen";
        } else if (wholeRead) {
            verdict = Verdict.NOT_READ_BY_NAME;
            note = "never read by name, but the whole environment was read at once (by " + String.join(", ", wholeReaders)
                    + ") and the value may be used from that copy";
        } else {
            verdict = Verdict.NEVER_READ;
        }
        return new KeyAccess(profile, key, names, uses, verdict, note);
    }

    /** Every bound key of the profiles reported, in profile and binding order. */
    public List<KeyAccess> keys() {
        return keys;
    }

    /** How many recorded runs served one of the profiles from this vault. */
    public int runs() {
        return runs;
    }
}
