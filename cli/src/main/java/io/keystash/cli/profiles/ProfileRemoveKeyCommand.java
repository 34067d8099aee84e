package io.keystash.cli.profiles;

import io.keystash.cli.Keystash;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.model.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code keystash profile remove-key PROFILE KEY}: unbinds; the key stays in the vault. */
@Command(name = "remove-key", mixinStandardHelpOptions = true, description = "Remove a key's bindings from a profile (the key stays in the vault).",
        footerHeading = "%nExamples:%n", footer = "  keystash profile remove-key dev openai")
public final class ProfileRemoveKeyCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", paramLabel = "PROFILE", description = "Profile name.")
    String profile;

    @Parameters(index = "1", paramLabel = "KEY", description = "Key name.")
    String key;

    public ProfileRemoveKeyCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        Names.requireProfileName(profile);
        Names.requireKeyName(key);
        AuditEvent event = AuditEvent.of("profile.remove-key").profile(profile).key(key);
        root.vaultAccess().update(event, vault -> vault.unbind(profile, key));
        root.context().err().println("Profile " + Names.quote(profile) + " no longer serves " + Names.quote(key) + ".");
        return 0;
    }
}
