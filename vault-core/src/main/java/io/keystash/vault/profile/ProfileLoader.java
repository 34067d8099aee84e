package io.keystash.vault.profile;

import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultReader;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.PassphrasePrompt;
import io.keystash.vault.unlock.UnlockRequest;
import io.keystash.vault.unlock.UnlockSources;

import java.time.Clock;
import java.time.Duration;

/**
 * One call from "where is the vault and how do I unlock it" to the variables and properties of a
 * profile: the agent's whole use of the vault, and {@code keystash run}'s.
 */
public final class ProfileLoader {
    private ProfileLoader() {
    }

    /**
     * Unlocks the vault with the first unlock source present, reads it once, and resolves the
     * profile. Fails with LOCKED when no source is present, naming {@code unlockOptions} as the
     * caller spells them ({@link UnlockSources#AGENT_OPTIONS}).
     */
    public static ResolvedProfile load(VaultPaths paths, UnlockRequest unlock, String unlockOptions, String profileName)
            throws VaultException {
        return load(paths, unlock, unlockOptions, null, profileName, null);
    }

    /**
     * As {@link #load(VaultPaths, UnlockRequest, String, String)}; with {@code maxAge} not null, a
     * replica of a shared vault last synced longer ago than that is refused.
     */
    public static ResolvedProfile load(VaultPaths paths, UnlockRequest unlock, String unlockOptions, String profileName,
                                       Duration maxAge) throws VaultException {
        return load(paths, unlock, unlockOptions, null, profileName, maxAge);
    }

    /**
     * As {@link #load(VaultPaths, UnlockRequest, String, String, Duration)}, asking at {@code prompt}
     * (null: never) for the passphrase when no other source is present, as the last source.
     */
    public static ResolvedProfile load(VaultPaths paths, UnlockRequest unlock, String unlockOptions, PassphrasePrompt prompt,
                                       String profileName, Duration maxAge) throws VaultException {
        try (Credential credential = UnlockSources.require(unlock, paths.vaultFile(), prompt, unlockOptions, null)) {
            return load(paths, credential, profileName, maxAge);
        }
    }

    /**
     * As {@link #load(VaultPaths, UnlockRequest, String, String)} with a credential in hand. The
     * caller then calls {@link ResolvedProfile#rememberGeneration()} when it suits it (the agent:
     * after its interception is installed, off the path the program waits for as far as it can be).
     */
    public static ResolvedProfile load(VaultPaths paths, Credential credential, String profileName)
            throws VaultException {
        return load(paths, credential, profileName, null);
    }

    private static ResolvedProfile load(VaultPaths paths, Credential credential, String profileName, Duration maxAge)
            throws VaultException {
        try (Vault vault = VaultReader.open(paths, credential, Clock.systemUTC(), maxAge)) {
            ResolvedProfile profile = vault.resolveProfile(profileName);
            profile.seen(VaultReader.seenGeneration(paths, vault));
            profile.readFrom(vault.vaultId(), vault.generation());
            return profile;
        }
    }
}
