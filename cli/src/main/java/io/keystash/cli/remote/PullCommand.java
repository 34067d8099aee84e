package io.keystash.cli.remote;

import io.keystash.cli.Keystash;
import io.keystash.cli.VaultAccess;
import io.keystash.remote.config.Remote;
import io.keystash.remote.store.SharedVault;
import io.keystash.vault.VaultException;
import io.keystash.vault.unlock.Credential;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * {@code keystash pull}: makes the replica equal to the store's copy, or creates it on a machine
 * that has only an identity. A copy that does not open with this machine's credential, fails its
 * MAC, or is older than this machine has seen is refused (3), the replica unchanged.
 */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = {"Fetch the shared store's copy of the vault into this machine's replica (creating it when there is "
                + "none): only the parts that changed are fetched.",
            "The copy must open with this machine's credential, pass its integrity check, and not be older than a copy "
                + "this machine has seen; otherwise it is refused (status 3) and the replica stays as it was."},
        footerHeading = "%nExamples:%n",
        footer = {"  KEYSTASH_IDENTITY=~/.keystash/identity keystash pull"})
public final class PullCommand implements Callable<Integer> {
    private final Keystash root;

    public PullCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        VaultAccess access = root.vaultAccess();
        Remote remote = RemoteAccess.required(access);
        SharedVault shared = RemoteAccess.shared(remote);
        try (Credential credential = access.credentialForNewReplica()) {
            report(root, shared, shared.pull(RemoteAccess.replica(access), credential));
        }
        return 0;
    }

    /** One line on standard error saying what a pull did. */
    static void report(Keystash root, SharedVault shared, SharedVault.Pulled pulled) {
        String line = switch (pulled.outcome()) {
            case PULLED -> (pulled.before() == 0 ? "Created the replica at generation " + pulled.generation()
                    : "Pulled generation " + pulled.generation() + " (was " + pulled.before() + ")") + " from " + shared.url()
                    + (pulled.lastWrite() == null ? "" : ", last written by " + pulled.lastWrite().who()) + ".";
            case UP_TO_DATE -> "Already up to date with " + shared.url() + " (generation " + pulled.generation() + ").";
            case UNPUBLISHED -> "Nothing to pull; this replica holds changes made offline (generation " + pulled.generation()
                    + "): publish them with keystash push.";
        };
        root.context().err().println(line);
    }
}
