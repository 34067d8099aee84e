package io.keystash.cli.remote;

import io.keystash.cli.Keystash;
import io.keystash.cli.VaultAccess;
import io.keystash.remote.config.Remote;
import io.keystash.remote.store.SharedVault;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.format.MalformedException;
import io.keystash.vault.format.NewerFormatException;
import io.keystash.vault.format.VaultCodec;
import io.keystash.vault.state.StateFolder;
import io.keystash.vault.unlock.Credential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code keystash push [--force]}: publishes the replica (the first upload of a vault, or what was
 * written with {@code --offline}). Refused (5) when the store moved on meanwhile; {@code --force}
 * then replaces the store's copy with this replica, as a new generation above the store's, and
 * records it in the audit log.
 */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = {"Publish this machine's replica to the shared store: the first upload, or changes made with --offline.",
            "Refused (status 5) when the store's copy changed since this replica last synced with it, or holds another vault.",
            "--force replaces the store's copy with this replica (a new generation, recorded in the audit log): "
                + "changes other machines published since are lost."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash push", "  keystash push --force   # the store's copy is damaged or another vault"})
public final class PushCommand implements Callable<Integer> {
    private final Keystash root;

    @Option(names = "--force", description = "Replace whatever the store holds with this replica (audit-logged).")
    boolean force;

    public PushCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        VaultAccess access = root.vaultAccess();
        Remote remote = RemoteAccess.required(access);
        SharedVault shared = RemoteAccess.shared(remote);
        if (force) {
            StateFolder state = StateFolder.under(access.paths().home());
            VaultStore replacing = VaultStore.at(access.paths()).acceptingOlder(access.acceptOlder())
                    .sharedThrough(() -> shared.replacing(state));
            try (Credential credential = access.credential()) {
                replacing.update(credential, AuditEvent.of("push --force").detail("replaced the copy on " + shared.url()),
                        vault -> {
                            vault.touch();
                            return null;
                        });
            }
            long generation = generationOf(replacing);
            root.context().err().println("Replaced the store's copy on " + shared.url() + " with this replica (generation "
                    + generation + ").");
            return 0;
        }
        SharedVault.Pushed pushed = shared.push(RemoteAccess.replica(access));
        root.context().err().println(pushed.outcome() == SharedVault.PushOutcome.PUBLISHED
                ? "Published generation " + pushed.generation() + " to " + shared.url() + "."
                : "The store already holds this replica (generation " + pushed.generation() + ").");
        return 0;
    }

    private static long generationOf(VaultStore store) throws VaultException {
        try {
            return VaultCodec.parse(store.readFile()).header().generation();
        } catch (MalformedException | NewerFormatException e) {
            return -1;
        }
    }
}
