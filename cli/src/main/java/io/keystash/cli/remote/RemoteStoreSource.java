package io.keystash.cli.remote;

import io.keystash.remote.config.Remote;
import io.keystash.remote.config.RemoteFile;
import io.keystash.remote.store.SharedVault;
import io.keystash.vault.VaultException;
import io.keystash.vault.sharing.SharedStore;
import io.keystash.vault.state.StateFolder;
import io.keystash.vault.storage.VaultPaths;

import java.util.Optional;

/**
 * The shared store a write of the vault at {@code paths} publishes to: the one {@code keystash
 * remote set} named, when this vault is its replica; none otherwise. A class rather than a lambda,
 * and nothing read before the first write, so that commands that only read (a {@code get}) pay
 * nothing for it.
 */
public final class RemoteStoreSource implements SharedStore.Source {
    private final VaultPaths paths;
    private final boolean offline;

    public RemoteStoreSource(VaultPaths paths, boolean offline) {
        this.paths = paths;
        this.offline = offline;
    }

    @Override
    public SharedStore open() throws VaultException {
        Optional<Remote> remote = RemoteFile.read(paths.home());
        if (remote.isEmpty() || !remote.get().replicates(paths.vaultFile())) {
            return null;
        }
        return SharedVault.of(remote.get().store()).forWrites(StateFolder.under(paths.home()), offline);
    }
}
