package io.keystash.cli.remote;

import io.keystash.cli.VaultAccess;
import io.keystash.remote.config.Remote;
import io.keystash.remote.config.RemoteFile;
import io.keystash.remote.store.SharedVault;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.storage.VaultPaths;

/** The remote that {@code keystash remote set} stored for the vault the global options name. */
final class RemoteAccess {
    private RemoteAccess() {
    }

    /** The setting; NOT_FOUND when none is set, INVALID_INPUT when it is another vault's. */
    static Remote required(VaultAccess access) throws VaultException {
        VaultPaths paths = access.paths();
        Remote remote = RemoteFile.read(paths.home()).orElseThrow(() -> new VaultException(Failure.NOT_FOUND,
                "no shared store is set for " + paths.home() + " (set one with: keystash remote set etcd://HOST:PORT/PREFIX)"));
        if (!remote.replicates(paths.vaultFile())) {
            throw new VaultException(Failure.INVALID_INPUT, "the shared store is set for vault " + remote.replica()
                    + ", not " + paths.vaultFile() + " (drop --vault / KEYSTASH_VAULT, or set the remote again for this vault)");
        }
        return remote;
    }

    /**
     * The replica's store, without publishing (pulls and pushes move files themselves); with
     * {@code --accept-older} a pull takes an older copy from the store (a deliberate restore).
     */
    static VaultStore replica(VaultAccess access) {
        return VaultStore.at(access.paths()).acceptingOlder(access.acceptOlder());
    }

    static SharedVault shared(Remote remote) throws VaultException {
        return SharedVault.of(remote.store());
    }
}
