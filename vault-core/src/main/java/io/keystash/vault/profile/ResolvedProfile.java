package io.keystash.vault.profile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a program started with a profile sees: environment variables and system properties,
 * names to values. This is the one place values become Strings, because that is what
 * {@code System.getenv} must return; {@code toString()} shows names only.
 */
public final class ResolvedProfile {
    private final String name;
    private final Map<String, String> environment;
    private final Map<String, String> properties;

    public ResolvedProfile(String name, Map<String, String> environment, Map<String, String> properties) {
        this.name = name;
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** The profile's name. */
    public String name() {
        return name;
    }

    /** Variable name → value, in binding order. */
    public Map<String, String> environment() {
        return environment;
    }

    /** Property name → value, in binding order. */
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public String toString() {
        return "ResolvedProfile[" + name + ", env=" + environment.keySet() + ", props=" + properties.keySet() + "]";
    }
}
