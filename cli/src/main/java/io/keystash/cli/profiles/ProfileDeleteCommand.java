package io.keystash.cli.profiles;

import io.keystash.cli.Keystash;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.model.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code keystash profile delete NAME}: the profile goes, its keys stay. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a profile (its keys stay in the vault).",
        footerHeading = "%nExamples:%n", footer = "  keystash profile delete staging")
public final class ProfileDeleteCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", paramLabel = "NAME", description = "Profile name.")
    String name;

    public ProfileDeleteCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        Names.requireProfileName(name);
        root.vaultAccess().update(AuditEvent.of("profile.delete").profile(name), vault -> {
            vault.deleteProfile(name);
            return null;
        });
        root.context().err().println("Deleted profile " + Names.quote(name) + ".");
        return 0;
    }
}
