package io.keystash.cli.members;

import io.keystash.cli.Keystash;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.UnlockSources;

import java.nio.file.Path;

/** Where an identity file is when no FILE is given. */
final class IdentityFiles {
    private IdentityFiles() {
    }

    /** {@code KEYSTASH_HOME/identity} (else {@code ~/.keystash/identity}). */
    static Path defaultFile(Keystash root) {
        return VaultPaths.resolve(null, root.context().environment(), root.context().userHome()).home().resolve("identity");
    }

    /** {@code --identity}, else {@code KEYSTASH_IDENTITY}, else the default file. */
    static Path chosenOrDefault(Keystash root) {
        if (root.identityOption() != null) {
            return root.identityOption();
        }
        String variable = root.context().environment().get(UnlockSources.IDENTITY_VARIABLE);
        return variable != null && !variable.isBlank() ? Path.of(variable) : defaultFile(root);
    }
}
