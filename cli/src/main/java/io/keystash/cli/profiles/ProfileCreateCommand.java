package io.keystash.cli.profiles;

import io.keystash.cli.Keystash;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.model.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code keystash profile create NAME}. */
@Command(name = "create", mixinStandardHelpOptions = true, description = "Create an empty profile.",
        footerHeading = "%nExamples:%n", footer = "  keystash profile create prod")
public final class ProfileCreateCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", paramLabel = "NAME", description = "Profile name: letters, digits, '.', '_', '-'.")
    String name;

    public ProfileCreateCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        Names.requireProfileName(name);
        root.vaultAccess().update(AuditEvent.of("profile.create").profile(name), vault -> vault.createProfile(name));
        root.context().err().println("Created profile " + Names.quote(name) + ".");
        return 0;
    }
}
