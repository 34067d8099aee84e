package io.keystash.vault;

import io.keystash.vault.crypto.Aead;
import io.keystash.vault.format.FieldReader;
import io.keystash.vault.format.RecordId;
import io.keystash.vault.format.RecordKind;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.KeyVersion;
import io.keystash.vault.model.Names;
import io.keystash.vault.model.Profile;
import io.keystash.vault.profile.ResolvedProfile;
import io.keystash.vault.provider.Provider;
import io.keystash.vault.provider.Providers;
import io.keystash.vault.trust.SensitiveConfig;

import java.util.List;

/**
 * The classes that resolving a profile needs once the vault is unlocked and checked, loaded and
 * linked ahead of time by a thread that would otherwise wait.
 *
 * <p>Why: the agent resolves its profile on a cold JVM at every start, where the first load and
 * bytecode verification of these classes are several milliseconds of a path every program waits
 * for, while {@code premain}'s own thread has finished its part and waits for the profile's
 * thread (benchmarks/README.md). Linking runs no static initialiser, so two threads doing it
 * cannot deadlock on class initialisation; a class missing from the list only loses its head
 * start ({@code ResolutionClassesTest} checks the list against what a resolution loads).
 */
public final class ResolutionClasses {
    private ResolutionClasses() {
    }

    /** The classes, in the order a resolution first needs them. */
    static List<Class<?>> classes() {
        return List.of(Vault.class, SealedRecords.class, RecordKind.class, RecordId.class,
                RecordId.Deriver.class, Aead.Opener.class, RecordCodec.class, FieldReader.class, Binding.class,
                Profile.class, KeyMetadata.class, KeyMetadata.Builder.class, KeyVersion.class, KeyEntry.class, Names.class,
                Providers.class, Provider.class, SensitiveConfig.class, Secret.class, ResolvedProfile.class);
    }

    /**
     * Loads and links the classes without initialising them. HotSpot links (verifies) a class
     * before it reflects on its constructors; on a JVM that does not, this only loads them.
     */
    public static void link() {
        for (Class<?> type : classes()) {
            type.getDeclaredConstructors();
        }
    }
}
