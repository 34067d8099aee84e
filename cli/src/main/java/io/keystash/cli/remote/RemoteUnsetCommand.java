package io.keystash.cli.remote;

import io.keystash.cli.Keystash;
import io.keystash.remote.config.RemoteFile;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code keystash remote unset}: the vault stays, as a local vault; the store is not touched. */
@Command(name = "unset", mixinStandardHelpOptions = true,
        description = {"Stop following the shared store: the replica stays as a local vault and the store is not changed."})
public final class RemoteUnsetCommand implements Callable<Integer> {
    private final Keystash root;

    public RemoteUnsetCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        if (!RemoteFile.remove(root.vaultAccess().paths().home())) {
            throw new VaultException(Failure.NOT_FOUND, "no shared store is set");
        }
        root.context().err().println("Shared store unset; the vault stays here as a local vault.");
        return 0;
    }
}
