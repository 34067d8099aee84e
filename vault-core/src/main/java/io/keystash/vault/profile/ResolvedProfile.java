package io.keystash.vault.profile;

import io.keystash.vault.format.VaultId;
import io.keystash.vault.model.Names;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final Map<String, List<String>> withheld;
    private final Map<String, String> keyOfName;
    private final Map<String, LocalDate> expired;
    private Runnable rememberGeneration;
    private VaultId vaultId;
    private long generation;

    public ResolvedProfile(String name, Map<String, String> environment, Map<String, String> properties) {
        this(name, environment, properties, Map.of());
    }

    /** With {@code withheld}: key name → the settings of that key left out because they are not approved here. */
    public ResolvedProfile(String name, Map<String, String> environment, Map<String, String> properties,
                           Map<String, List<String>> withheld) {
        this(name, environment, properties, withheld, Map.of(), Map.of());
    }

    /**
     * With {@code keyOfName}: each variable or property that carries a key's value (a binding, not a
     * provider setting) → that key's name; and {@code expired}: each bound key whose expiry date
     * has passed → that date.
     */
    public ResolvedProfile(String name, Map<String, String> environment, Map<String, String> properties,
                           Map<String, List<String>> withheld, Map<String, String> keyOfName,
                           Map<String, LocalDate> expired) {
        this.name = name;
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        this.withheld = withheld.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(withheld));
        this.keyOfName = keyOfName.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(keyOfName));
        this.expired = expired.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(expired));
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

    /**
     * Each variable or property name that carries a key's value → the key's name, in binding
     * order; provider settings ({@code OPENAI_BASE_URL}) are not in it. What the agent redacts and
     * what {@code report --access} counts per key.
     */
    public Map<String, String> keyOfName() {
        return keyOfName;
    }

    /**
     * The bound keys whose expiry date has passed (the day after it, in UTC, as
     * {@code check-expiry} counts), key name → that date, in binding order. Still served: what to
     * do about them is the caller's choice (the agent's {@code expired=} option).
     */
    public Map<String, LocalDate> expired() {
        return expired;
    }

    /** The id of the vault this profile was read from, or null (a vault from before ids, or not from a file). */
    public VaultId vaultId() {
        return vaultId;
    }

    /** The generation of the vault this profile was read from (0 when unknown). */
    public long generation() {
        return generation;
    }

    void seen(Runnable remember) {
        rememberGeneration = remember;
    }

    void readFrom(VaultId id, long generationRead) {
        vaultId = id;
        generation = generationRead;
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

    /**
     * Key name → the settings of that key that are not served: they need approval and the key's
     * configuration is not approved on this machine (see {@code io.keystash.vault.trust}).
     */
    public Map<String, List<String>> withheld() {
        return withheld;
    }

    /**
     * One line per key with withheld settings, for whoever serves the profile to print on stderr
     * after its own prefix: {@code not serving OPENAI_BASE_URL of key 'openai': …}. Names only.
     */
    public List<String> withheldLines() {
        List<String> lines = new ArrayList<>(withheld.size());
        for (Map.Entry<String, List<String>> entry : withheld.entrySet()) {
            lines.add("not serving " + String.join(", ", entry.getValue()) + " of key " + Names.quote(entry.getKey())
                    + ": set by an import or another member and not approved on this machine (run: keystash trust "
                    + entry.getKey() + ")");
        }
        return lines;
    }

    @Override
    public String toString() {
        return "ResolvedProfile[" + name + ", env=" + environment.keySet() + ", props=" + properties.keySet() + "]";
    }
}
