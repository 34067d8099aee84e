package io.keystash.vault.profile;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.Names;
import io.keystash.vault.provider.Provider;
import io.keystash.vault.provider.Providers;

import java.util.ArrayList;
import java.util.List;

/**
 * The bindings a key gets when added to a profile without explicit names: the key's own
 * {@code --env}/{@code --property}, else its provider's defaults (Google's key is served as both
 * {@code GOOGLE_API_KEY} and {@code GEMINI_API_KEY}). Shared by {@code profile add-key},
 * {@code setup} and imports so they never disagree.
 */
public final class DefaultBindings {
    private DefaultBindings() {
    }

    /**
     * Bindings for {@code key}; explicit {@code env}/{@code property} (either may be null) win over
     * every default. A custom key with no names at all is an INVALID_INPUT failure.
     */
    public static List<Binding> forKey(KeyEntry key, String env, String property) throws VaultException {
        if (env != null || property != null) {
            return List.of(new Binding(key.name(), env, property));
        }
        Provider provider = Providers.byIdOrCustom(key.metadata().provider());
        List<String> envVars = key.metadata().env() != null ? List.of(key.metadata().env()) : provider.envVars();
        String defaultProperty = key.metadata().property() != null ? key.metadata().property() : provider.property();
        List<Binding> bindings = bindings(key.name(), envVars, defaultProperty);
        if (bindings.isEmpty()) {
            throw new VaultException(Failure.INVALID_INPUT, "key " + Names.quote(key.name())
                    + " has no default variable; give --env VAR or --property PROP");
        }
        return bindings;
    }

    /**
     * Bindings for {@code key} under {@code provider}'s default names, whatever names the key was
     * stored with ({@code profile add-key PROFILE KEY --provider P}). {@code custom} has none: an
     * INVALID_INPUT failure.
     */
    public static List<Binding> forProvider(KeyEntry key, Provider provider) throws VaultException {
        List<Binding> bindings = bindings(key.name(), provider.envVars(), provider.property());
        if (bindings.isEmpty()) {
            throw new VaultException(Failure.INVALID_INPUT, "provider " + provider.id()
                    + " has no default variable; give --env VAR or --property PROP");
        }
        return bindings;
    }

    /** One binding per variable, the property with the first; the property alone without variables. */
    private static List<Binding> bindings(String key, List<String> envVars, String property) {
        List<Binding> bindings = new ArrayList<>();
        for (int i = 0; i < envVars.size(); i++) {
            bindings.add(new Binding(key, envVars.get(i), i == 0 ? property : null));
        }
        if (bindings.isEmpty() && property != null) {
            bindings.add(new Binding(key, null, property));
        }
        return bindings;
    }
}
