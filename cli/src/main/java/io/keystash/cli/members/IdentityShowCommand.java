package io.keystash.cli.members;

import io.keystash.cli.Keystash;
import io.keystash.vault.VaultException;
import io.keystash.vault.unlock.IdentityKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code keystash identity show [FILE]}: the recipient alone, one line. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Print the recipient (keystash1…) of the identity in FILE (default: --identity, KEYSTASH_IDENTITY, "
                + "else KEYSTASH_HOME/identity), alone on one line.",
        footerHeading = "%nExamples:%n",
        footer = {"  keystash identity show", "  keystash identity show /etc/keystash/server.identity | ssh admin@vault-host ..."})
public final class IdentityShowCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The identity file.")
    Path file;

    public IdentityShowCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        Path source = file != null ? file : IdentityFiles.chosenOrDefault(root);
        try (IdentityKey identity = IdentityKey.read(source)) {
            root.context().out().println(identity.recipient().encoded());
        }
        return 0;
    }
}
