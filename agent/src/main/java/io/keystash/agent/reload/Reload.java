package io.keystash.agent.reload;

import io.keystash.agent.Console;
import io.keystash.agent.inject.ExpiredKeys;
import io.keystash.agent.inject.InjectionPlan;
import io.keystash.agent.intercept.Interception;
import io.keystash.agent.intercept.InterceptionException;
import io.keystash.agent.options.AgentOptions;
import io.keystash.agent.options.Expired;
import io.keystash.agent.reads.ReadMap;
import io.keystash.agent.redact.Redaction;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultReader;
import io.keystash.vault.format.Header;
import io.keystash.vault.format.VaultId;
import io.keystash.vault.profile.ProfileLoader;
import io.keystash.vault.profile.ResolvedProfile;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.UnlockRequest;
import io.keystash.vault.unlock.UnlockSources;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * One reload: when the vault file has a newer generation than the one served, read it, unlock it
 * with the same unlock source, apply the freshness rule (an older copy than this machine has
 * seen is refused), resolve the profile (approvals included), plan what the program sees with the
 * same real environment and options as at start, and swap it in: the environment through the
 * holder in one step, the properties in place under their lock (see {@link ServedProperties}).
 *
 * <p>A failure of any step keeps what is served and prints one line per distinct failure
 * ({@link FailureLines}); the program goes on. Never a value in a line.
 */
public final class Reload {
    private final VaultPaths paths;
    private final UnlockRequest unlock;
    private final AgentOptions options;
    private final Map<String, String> realEnvironment;
    private final Interception interception;
    private final ReadMap readMap;
    private final Redaction redaction;
    private final ServedProperties properties;
    private final FailureLines failures = new FailureLines();
    /** Lines printed once (conflicts, withheld settings, expired keys, properties left alone). */
    private final Set<String> printed = new HashSet<>();
    private VaultId vaultId;
    private long generation;

    /**
     * What the start served, and how.
     *
     * @param started             the profile served at start
     * @param plan                what the start planned
     * @param propertiesReplaced  the {@code -D} values the start's properties replaced
     * @param redaction           the redaction installed at start, or null
     */
    public Reload(VaultPaths paths, UnlockRequest unlock, AgentOptions options, Map<String, String> realEnvironment,
                  Interception interception, ReadMap readMap, Redaction redaction, ResolvedProfile started,
                  InjectionPlan plan, Map<String, String> propertiesReplaced) {
        this.paths = paths;
        this.unlock = unlock;
        this.options = options;
        this.realEnvironment = realEnvironment;
        this.interception = interception;
        this.readMap = readMap;
        this.redaction = redaction;
        this.properties = new ServedProperties(plan.properties(), propertiesReplaced);
        this.vaultId = started.vaultId();
        this.generation = started.generation();
        printed.addAll(plan.conflicts());
        printed.addAll(started.withheldLines());
        for (Map.Entry<String, LocalDate> key : started.expired().entrySet()) {
            printed.add(ExpiredKeys.warning(key.getKey(), key.getValue()));
        }
    }

    /** The vault file being served. */
    VaultPaths paths() {
        return paths;
    }

    /**
     * Serves the vault file's generation if it is newer than the one served. Returns whether a new
     * generation was served.
     */
    public synchronized boolean serveIfNewer() {
        long start = System.nanoTime();
        Header header;
        try {
            header = VaultReader.peekHeader(paths.vaultFile());
        } catch (VaultException e) {
            failed(e.failure().name(), e.getMessage());
            return false;
        }
        if (vaultId != null && header.vaultId() == null) {
            failed("older", "vault " + paths.vaultFile() + " is in an older format than the vault being served "
                    + "(restored from a backup?)");
            return false;
        }
        if (vaultId != null && !vaultId.equals(header.vaultId())) {
            failed("another vault", "vault " + paths.vaultFile() + " is now another vault (a different id); restart the "
                    + "program to serve it");
            return false;
        }
        if (header.generation() <= generation && vaultId != null) {
            if (header.generation() < generation) {
                failed("older", "vault " + paths.vaultFile() + " is generation " + header.generation()
                        + ", older than the generation being served");
            } else {
                failures.clear(); // the file is the one served: whatever failed before is over
            }
            return false;
        }
        ResolvedProfile next;
        try {
            next = ProfileLoader.load(paths, unlock, UnlockSources.AGENT_OPTIONS, options.profile());
        } catch (VaultException e) {
            failed(e.failure().name(), e.getMessage());
            return false;
        } catch (RuntimeException | Error e) {
            // The class name only: a message could quote the vault.
            failed("unexpected", "unexpected " + e.getClass().getName() + " while loading profile " + options.profile());
            return false;
        }
        if (vaultId != null && next.generation() <= generation) {
            return false; // replaced again meanwhile by an older copy or the same one: nothing newer to serve
        }
        if (options.expired() == Expired.REFUSE && !next.expired().isEmpty()) {
            failed("expired", ExpiredKeys.refusal(next.expired()));
            return false;
        }
        List<String> leftAlone;
        InjectionPlan plan;
        Properties system = System.getProperties();
        synchronized (system) {
            plan = InjectionPlan.of(realEnvironment,
                    options.env() ? next.environment() : Map.of(),
                    options.props() ? next.properties() : Map.of(),
                    properties.outside(system, options.props() ? next.properties().keySet() : Set.of()),
                    options.override(), options.inheritToChildren());
            try {
                interception.publish(plan.programEnvironment(), plan.childAdditions(),
                        readMap.counters(plan.servedVariables().keySet()));
            } catch (InterceptionException e) {
                failed("publish", e.getMessage());
                return false;
            }
            // Counted as the program can see it: a JVM that exits during what follows still records it.
            readMap.reloaded(System.currentTimeMillis());
            leftAlone = properties.apply(system, plan.properties());
        }
        readMap.propertiesServed(plan.properties().keySet());
        vaultId = next.vaultId();
        generation = next.generation();
        failures.clear();
        next.rememberGeneration();
        once(plan.conflicts());
        once(next.withheldLines());
        if (options.expired() == Expired.WARN) {
            once(ExpiredKeys.warnings(next.expired()));
        }
        for (String name : leftAlone) {
            once(List.of("system property " + name + " was set by the program since the agent set it; a reload leaves it as "
                    + "the program set it"));
        }
        if (redaction != null) {
            redaction.serve(plan.keyValues(next.keyOfName()));
        }
        readMap.write("reload");
        if (options.verbose()) {
            Console.line("reloaded profile " + options.profile() + " from generation " + generation + " of " + paths
                    + " in " + Console.milliseconds((System.nanoTime() - start) / 1e6) + ": variables "
                    + plan.servedVariables().keySet() + ", properties " + plan.properties().keySet());
        }
        return true;
    }

    /** The watcher cannot go on: one line, and reloads stop. */
    void stopped(String why) {
        Console.line("no more reloads of profile " + options.profile() + ": " + why + " (the values served stay as they are)");
    }

    private void failed(String kind, String message) {
        if (failures.first(kind)) {
            Console.line("reload of profile " + options.profile() + " failed, still serving generation " + generation + ": "
                    + message);
        }
    }

    private void once(List<String> lines) {
        for (String line : lines) {
            if (printed.add(line)) {
                Console.line(line);
            }
        }
    }
}
