package io.keystash.vault.profile;

import io.keystash.vault.Failure;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.Names;
import io.keystash.vault.provider.Provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The key that {@code profile add-key PROFILE NAME --provider P} binds. NAME when the vault has
 * it; otherwise the vault's only key of provider P, because a guide written for one key name
 * ({@code openai_key}) should still work for a reader who stored the key under another
 * ({@code mykey}); otherwise NOT_FOUND, saying how to store it. Never a guess among several keys.
 *
 * @param key         the key to bind
 * @param substituted true when {@code key} was chosen for its provider, not by the name asked for
 */
public record KeyChoice(KeyEntry key, boolean substituted) {

    /** The key named {@code name}, or the only key of {@code provider}; NOT_FOUND otherwise. */
    public static KeyChoice of(Vault vault, String name, Provider provider) throws VaultException {
        Optional<KeyEntry> named = vault.findKey(name);
        if (named.isPresent()) {
            return new KeyChoice(named.get(), false);
        }
        List<KeyEntry> ofProvider = new ArrayList<>();
        for (KeyEntry key : vault.keys()) {
            if (provider.id().equals(key.metadata().provider())) {
                ofProvider.add(key);
            }
        }
        if (ofProvider.size() == 1) {
            return new KeyChoice(ofProvider.get(0), true);
        }
        String storeIt = "store it with: keystash store " + name + " --provider " + provider.id();
        if (ofProvider.isEmpty()) {
            throw new VaultException(Failure.NOT_FOUND, "no key named " + Names.quote(name) + " and no "
                    + provider.id() + " key in the vault; " + storeIt);
        }
        List<String> names = new ArrayList<>();
        for (KeyEntry key : ofProvider) {
            names.add(Names.quote(key.name()));
        }
        throw new VaultException(Failure.NOT_FOUND, "no key named " + Names.quote(name) + ", and the vault has "
                + ofProvider.size() + " " + provider.id() + " keys (" + String.join(", ", names)
                + "): name one of them, or " + storeIt);
    }
}
