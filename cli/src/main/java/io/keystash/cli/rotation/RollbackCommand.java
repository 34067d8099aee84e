package io.keystash.cli.rotation;

import io.keystash.cli.Keystash;
import io.keystash.vault.VaultException;
import io.keystash.vault.model.Names;
import io.keystash.vault.rotation.RotationResult;
import io.keystash.vault.unlock.Credential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code keystash rollback NAME [--to-version N]}: an earlier value becomes current again, as a new version. */
@Command(name = "rollback", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Make an earlier version of a key current again.", "",
            "The old value is added as a new version (history is never rewritten), after an encrypted backup "
                + "of the vault; the expiry is set as for a rotation. Without --to-version, the version before "
                + "the current one. A version that is unknown or was pruned (see --keep) is refused with exit 4."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  keystash rollback openai                 # back to the previous value",
            "  keystash rollback openai --to-version 3",
            "  keystash history openai                  # which versions there are"})
public final class RollbackCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", paramLabel = "NAME", description = "Key name.")
    String name;

    @Option(names = "--to-version", paramLabel = "N", description = "The kept version to make current (default: the previous one).")
    Integer toVersion;

    @Option(names = "--dry-run", description = "Say what would happen; change nothing.")
    boolean dryRun;

    public RollbackCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        Names.requireKeyName(name);
        RotationResult result;
        try (Credential credential = root.vaultAccess().credential()) {
            result = RotatorSetup.withoutProviders(root).rollback(credential, name, toVersion, dryRun);
        }
        root.context().err().println(RotationOutput.sentence(result.message()));
        return 0;
    }
}
