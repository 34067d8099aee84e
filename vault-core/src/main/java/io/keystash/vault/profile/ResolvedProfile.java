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
    private Runnable rememberGeneration;

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

    void seen(Runnable remember) {
        rememberGeneration = remember;
    }

    /**
     * Records, in this machine's state, the generation of the vault this profile was read from
     * when it is newer than the machine knew, so that an older copy is refused later; writes
     * nothing in the common case, and never fails (a home it cannot write only records nothing).
     */
    public void rememberGeneration() {
        if (rememberGeneration != null) {
            rememberGeneration.run();
            rememberGeneration = null;
        }
    }

    @Override
    public String toString() {
        return "ResolvedProfile[" + name + ", env=" + environment.keySet() + ", props=" + properties.keySet() + "]";
    }
}
