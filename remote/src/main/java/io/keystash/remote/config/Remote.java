package io.keystash.remote.config;

import java.nio.file.Path;

/**
 * This machine's shared-vault setting: the store, and the vault file that is its replica here
 * (the vault {@code remote set} was given; other vault files on the machine stay local only).
 *
 * @param store   the store and how to reach it
 * @param replica the replica's path
 */
public record Remote(RemoteSettings store, Path replica) {
    public Remote {
        replica = replica.toAbsolutePath().normalize();
    }

    /** True when {@code vaultFile} is this machine's replica. */
    public boolean replicates(Path vaultFile) {
        return replica.equals(vaultFile.toAbsolutePath().normalize());
    }
}
