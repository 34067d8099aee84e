package io.keystash.agent.inject;

import io.keystash.vault.launch.LaunchEnvironment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What the program and its children will see, worked out before anything is changed.
 *
 * <ul>
 *   <li>program environment = vault-core's {@link LaunchEnvironment} (real environment − unlock
 *       variables + the profile's variables; a real variable of the same name stays only with
 *       {@code override=false}), as {@code keystash run} gives a child;</li>
 *   <li>child additions = the profile's variables that won, for {@code children=inherit}; none for
 *       {@code children=none}. A child's inherited environment is the real one − unlock variables
 *       + these, so with {@code inherit} it is exactly the program's;</li>
 *   <li>properties to set = the profile's properties ({@code -D} of the same name kept only with
 *       {@code override=false}, by the same rule).</li>
 * </ul>
 * A name bound by the profile and also present in the real environment or as a {@code -D}
 * property is a conflict; the agent reports each one by name, in {@link LaunchEnvironment}'s words.
 */
public final class InjectionPlan {
    private final Map<String, String> programEnvironment;
    private final Map<String, String> servedVariables;
    private final Map<String, String> childAdditions;
    private final Map<String, String> properties;
    private final List<String> conflicts;

    private InjectionPlan(Map<String, String> programEnvironment, Map<String, String> servedVariables,
                          Map<String, String> childAdditions, Map<String, String> properties, List<String> conflicts) {
        this.programEnvironment = programEnvironment;
        this.servedVariables = servedVariables;
        this.childAdditions = childAdditions;
        this.properties = properties;
        this.conflicts = conflicts;
    }

    /**
     * @param realEnvironment  the process environment as the JVM read it
     * @param variables        the profile's variables (empty with {@code env=false})
     * @param profileProperties the profile's properties (empty with {@code props=false})
     * @param systemProperties the system properties set outside the profile (at start: all of them)
     */
    public static InjectionPlan of(Map<String, String> realEnvironment, Map<String, String> variables,
                                   Map<String, String> profileProperties, Properties systemProperties,
                                   boolean override, boolean inheritToChildren) {
        LaunchEnvironment environment = LaunchEnvironment.of(realEnvironment, variables, override);
        List<String> conflicts = new ArrayList<>(environment.conflicts());
        Map<String, String> properties = new LinkedHashMap<>();
        for (Map.Entry<String, String> property : profileProperties.entrySet()) {
            String name = property.getKey();
            if (systemProperties.getProperty(name) != null) {
                conflicts.add(LaunchEnvironment.conflict("system property", name, override));
                if (!override) {
                    continue;
                }
            }
            properties.put(name, property.getValue());
        }
        Map<String, String> served = environment.served();
        return new InjectionPlan(environment.environment(), served, inheritToChildren ? served : Map.of(),
                Collections.unmodifiableMap(properties), List.copyOf(conflicts));
    }

    /** {@code System.getenv()} from now on: unmodifiable, rejects null names like the JDK's map. */
    public Map<String, String> programEnvironment() {
        return programEnvironment;
    }

    /** The profile's variables the program sees (those that won over a real variable, or had none to win over). */
    public Map<String, String> servedVariables() {
        return servedVariables;
    }

    /**
     * Of the names in {@code keyOfName} (those that carry a key's value, not a provider setting),
     * each one served → its value, a value once only (a key bound as a variable and a property is
     * named by its variable): what {@code redact=on} replaces.
     */
    public Map<String, String> keyValues(Map<String, String> keyOfName) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : keyOfName.keySet()) {
            String value = servedVariables.get(name);
            if (value == null) {
                value = properties.get(name);
            }
            if (value != null && !values.containsValue(value)) {
                values.put(name, value);
            }
        }
        return values;
    }

    /** Added to the environment a child inherits. */
    public Map<String, String> childAdditions() {
        return childAdditions;
    }

    /** System properties to set, in binding order. */
    public Map<String, String> properties() {
        return properties;
    }

    /** One line per name bound by the profile and also set outside it; names only. */
    public List<String> conflicts() {
        return conflicts;
    }

    /**
     * Sets the planned system properties; returns the values they replaced (a {@code -D} property
     * of the same name with {@code override=true}), which a reload that drops the binding restores.
     */
    public Map<String, String> applyProperties() {
        Map<String, String> replaced = null;
        for (Map.Entry<String, String> property : properties.entrySet()) {
            String before = System.setProperty(property.getKey(), property.getValue());
            if (before != null) {
                if (replaced == null) {
                    replaced = new HashMap<>();
                }
                replaced.put(property.getKey(), before);
            }
        }
        return replaced == null ? Map.of() : replaced;
    }

    @Override
    public String toString() {
        return "InjectionPlan[variables=" + childAdditions.keySet() + ", properties=" + properties.keySet() + "]";
    }
}
