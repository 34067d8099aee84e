package io.keystash.cli.members;

import io.keystash.cli.Keystash;
import io.keystash.vault.VaultException;
import io.keystash.vault.storage.SecureFiles;
import io.keystash.vault.unlock.IdentityKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code keystash identity create [FILE]}: a new identity, its recipient printed for sharing. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Write a new identity to FILE (default: KEYSTASH_HOME/identity; mode 0600; refused if it exists) "
                + "and print its recipient on standard output.",
            "Give the recipient to a member of the vault, who runs: keystash member add NAME RECIPIENT."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash identity create", "  keystash identity create /etc/keystash/server.identity"})
public final class IdentityCreateCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The new identity file.")
    Path file;

    public IdentityCreateCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        Path target = file != null ? file : IdentityFiles.defaultFile(root);
        if (file == null) {
            SecureFiles.createPrivateFolder(target.getParent());
        }
        try (IdentityKey identity = IdentityKey.generate()) {
            identity.writeNew(target, Instant.now());
            root.context().out().println(identity.recipient().encoded());
        }
        root.context().err().println("Created identity " + target.toAbsolutePath()
                + " (keep it secret). Its recipient, above, is what a vault member adds with: keystash member add NAME RECIPIENT");
        return 0;
    }
}
