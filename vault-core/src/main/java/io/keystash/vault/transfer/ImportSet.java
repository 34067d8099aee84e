package io.keystash.vault.transfer;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.KeyVersion;
import io.keystash.vault.model.Names;
import io.keystash.vault.model.Profile;
import io.keystash.vault.provider.Provider;
import io.keystash.vault.provider.Providers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an import brings, whatever file it came from: keys (with or without values) and profiles,
 * and how profiles meet the vault's (an export's profile replaces the vault's whole profile; a
 * {@code .env} file adds bindings to it). Closing wipes the values.
 *
 * @param keys            the keys, by name
 * @param keyMetadata     true when the file describes the keys fully (an export); false for a
 *                        {@code .env} file, whose keys keep their metadata when they are replaced
 * @param profiles        the profiles
 * @param mergeBindings   true when the profiles' bindings are added to existing ones
 */
public record ImportSet(List<ExportedKey> keys, boolean keyMetadata, List<Profile> profiles, boolean mergeBindings)
        implements AutoCloseable {
    public ImportSet {
        keys = List.copyOf(keys);
        profiles = List.copyOf(profiles);
    }

    /** An export document's content (its sealed values already opened, if any). Takes ownership of its keys. */
    public static ImportSet of(ExportDocument document) {
        if (document.sealed() != null) {
            throw new IllegalArgumentException("open the sealed part first (SealedSecrets.unseal)");
        }
        return new ImportSet(document.keys(), true, document.profiles(), false);
    }

    /**
     * Keys for the variables of a {@code .env} file, named by {@link DotenvVariable#keyName()}, with
     * the provider whose variable it is (else {@code custom}), and one profile binding each
     * variable. Takes ownership of the variables' values.
     */
    public static ImportSet ofDotenv(List<DotenvVariable> variables, String profile, Instant now, String actor)
            throws VaultException {
        Names.requireProfileName(profile);
        List<ExportedKey> keys = new ArrayList<>();
        List<Binding> bindings = new ArrayList<>();
        Map<String, DotenvVariable> byKey = new HashMap<>();
        try {
            for (DotenvVariable variable : variables) {
                String keyName = variable.keyName();
                if (!Names.isKeyName(keyName)) {
                    throw new VaultException(Failure.INVALID_INPUT, "line " + variable.line() + ": " + variable.name()
                            + " makes no valid key name (a key name has at most 128 characters and does not start with '_' only)");
                }
                DotenvVariable clash = byKey.putIfAbsent(keyName, variable);
                if (clash != null) {
                    throw new VaultException(Failure.INVALID_INPUT, "line " + variable.line() + ": " + variable.name()
                            + " and " + clash.name() + " (line " + clash.line() + ") would both be key " + Names.quote(keyName));
                }
                KeyMetadata metadata = providerOf(variable.name()).newKeyMetadata(variable.name(), null).build();
                KeyEntry entry = new KeyEntry(keyName, now, metadata, List.of(new KeyVersion(1, now, actor, "import")));
                keys.add(new ExportedKey(entry, Map.of(1, variable.value())));
                bindings.add(new Binding(keyName, variable.name(), null));
            }
        } catch (VaultException | RuntimeException e) {
            variables.forEach(DotenvVariable::close);
            throw e;
        }
        return new ImportSet(keys, false, List.of(new Profile(profile, bindings)), true);
    }

    private static Provider providerOf(String variable) {
        for (Provider provider : Providers.all()) {
            if (provider.envVars().contains(variable)) {
                return provider;
            }
        }
        return Providers.byIdOrCustom(Providers.CUSTOM);
    }

    /** Only {@code profile} and the keys it binds; NOT_FOUND when the file has no such profile. */
    public ImportSet onlyProfile(String profile) throws VaultException {
        Profile wanted = profiles.stream().filter(p -> p.name().equals(profile)).findFirst()
                .orElseThrow(() -> new VaultException(Failure.NOT_FOUND, "the file has no profile named " + Names.quote(profile)));
        Set<String> bound = new HashSet<>();
        wanted.bindings().forEach(b -> bound.add(b.key()));
        List<ExportedKey> kept = new ArrayList<>();
        for (ExportedKey key : keys) {
            if (bound.contains(key.entry().name())) {
                kept.add(key);
            } else {
                key.close();
            }
        }
        return new ImportSet(kept, keyMetadata, List.of(wanted), mergeBindings);
    }

    @Override
    public void close() {
        keys.forEach(ExportedKey::close);
    }

    @Override
    public String toString() {
        return "ImportSet[" + keys.size() + " keys, " + profiles.size() + " profiles]";
    }
}
