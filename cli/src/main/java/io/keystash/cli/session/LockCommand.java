package io.keystash.cli.session;

import io.keystash.cli.Keystash;
import io.keystash.vault.VaultException;
import io.keystash.vault.session.SessionClient;
import io.keystash.vault.session.SessionPlace;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code keystash lock}: ends the vault's unlock session, which wipes what it held. */
@Command(name = "lock", mixinStandardHelpOptions = true,
        description = {"End the vault's unlock session (started by keystash unlock): it wipes the key it held "
                + "and removes its socket. Nothing to end is fine (exit 0)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  keystash lock",
            "  keystash --vault ~/work/team.vault lock"})
public final class LockCommand implements Callable<Integer> {
    private static final long GONE_WAIT_MILLIS = 5000;

    private final Keystash root;

    public LockCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        SessionPlace place = SessionPlace.of(root.vaultAccess().paths(), root.context().environment());
        try (SessionClient client = SessionClient.connect(place)) {
            if (client == null) {
                root.context().err().println("No unlock session runs for " + place.vaultFile() + ".");
                return 0;
            }
            client.stop();
        }
        // The session removes its socket as it ends: wait for that, so the next command finds it locked.
        long deadline = System.nanoTime() + GONE_WAIT_MILLIS * 1_000_000;
        while (place.socketPresent() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        root.context().err().println("Locked " + place.vaultFile() + ": its unlock session ended.");
        return 0;
    }
}
