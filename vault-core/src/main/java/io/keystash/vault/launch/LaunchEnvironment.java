package io.keystash.vault.launch;

import io.keystash.vault.unlock.UnlockSources;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environment of a program launched with a profile, the same whether the agent serves it
 * inside the JVM or {@code keystash run} hands it to a child: the real environment, less the
 * unlock variables ({@link #HIDDEN}), plus the profile's variables. A profile variable whose name
 * is already set is a conflict, reported by name in one line (never a value): with
 * {@code override} the profile's value wins, without it the real one stays.
 *
 * <p>Also the rule for the profile meant when none is named: {@code KEYSTASH_PROFILE}, trimmed,
 * else {@code default}.
 */
public final class LaunchEnvironment {
    /** Names the profile when none is given. */
    public static final String PROFILE_VARIABLE = "KEYSTASH_PROFILE";
    public static final String DEFAULT_PROFILE = "default";
    /** Variables that carry unlock material: a launched program never sees them, nor do its children. */
    public static final Set<String> HIDDEN = UnlockSources.VARIABLES;

    private final Map<String, String> environment;
    private final Map<String, String> served;
    private final List<String> conflicts;

    private LaunchEnvironment(Map<String, String> environment, Map<String, String> served, List<String> conflicts) {
        this.environment = environment;
        this.served = served;
        this.conflicts = conflicts;
    }

    /**
     * The profile to use: {@code given} when there is one (an option), else {@code KEYSTASH_PROFILE}
     * with surrounding white space removed, else {@code default} when that is unset or blank.
     * The name is not checked here; the caller refuses a bad one as it refuses a bad option.
     */
    public static String profileName(String given, Map<String, String> environment) {
        if (given != null) {
            return given;
        }
        String fromEnvironment = environment.get(PROFILE_VARIABLE);
        return fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT_PROFILE : fromEnvironment.trim();
    }

    /**
     * Works out the environment.
     *
     * @param real      the environment the launcher was given
     * @param variables the profile's variables, in binding order
     * @param override  whether a profile variable replaces a real one of the same name
     */
    public static LaunchEnvironment of(Map<String, String> real, Map<String, String> variables, boolean override) {
        Map<String, String> environment = new HashMap<>(real);
        environment.keySet().removeAll(HIDDEN);
        Map<String, String> served = new LinkedHashMap<>();
        List<String> conflicts = new ArrayList<>();
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            String name = variable.getKey();
            if (environment.containsKey(name)) {
                conflicts.add(conflict("variable", name, override));
                if (!override) {
                    continue;
                }
            }
            environment.put(name, variable.getValue());
            served.put(name, variable.getValue());
        }
        return new LaunchEnvironment(Map.copyOf(environment), Collections.unmodifiableMap(served),
                List.copyOf(conflicts));
    }

    /**
     * The one line that reports a profile's {@code name} meeting a {@code kind} ("variable",
     * "system property") of the same name already set, and which of the two is used.
     */
    public static String conflict(String kind, String name, boolean override) {
        return override
                ? "the profile's " + name + " replaces the " + kind + " of the same name (override=true)"
                : "the " + kind + " " + name + " is kept; the profile's value is not used (override=false)";
    }

    /** The launched program's environment: unmodifiable, and like the JDK's it refuses null names. */
    public Map<String, String> environment() {
        return environment;
    }

    /** The profile's variables that are in {@link #environment()} (all but those kept out by a conflict). */
    public Map<String, String> served() {
        return served;
    }

    /** One line per profile variable whose name was set already; names only. */
    public List<String> conflicts() {
        return conflicts;
    }
}
