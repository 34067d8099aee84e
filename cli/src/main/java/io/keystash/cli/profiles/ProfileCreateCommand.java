package io.keystash.cli.profiles;

import io.keystash.cli.Keystash;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.model.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code keystash profile create NAME [--description D]}. */
@Command(name = "create", mixinStandardHelpOptions = true, description = "Create an empty profile.",
        footerHeading = "%nExamples:%n", footer = {"  keystash profile create prod",
            "  keystash profile create production --description \"Production keys\""})
public final class ProfileCreateCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", paramLabel = "NAME", description = "Profile name: letters, digits, '.', '_', '-'.")
    String name;

    @Option(names = "--description", paramLabel = "D", description = "Free text saying what the profile is for.")
    String description;

    public ProfileCreateCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        Names.requireProfileName(name);
        root.vaultAccess().update(AuditEvent.of("profile.create").profile(name), vault -> vault.createProfile(name, description));
        root.context().err().println("Created profile " + Names.quote(name) + ".");
        return 0;
    }
}
