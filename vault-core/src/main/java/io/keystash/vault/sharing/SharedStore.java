package io.keystash.vault.sharing;

import io.keystash.vault.VaultException;

/**
 * Where a vault's writes are published, so that every machine's replica can follow them.
 * {@link io.keystash.vault.VaultStore#update} calls it under the replica's write lock, after the
 * change is made and encoded and before the local file is replaced: either the store takes the
 * new file and then the replica gets it, or the store holds a newer file, which the change is
 * checked against and run again on, or the store cannot be reached and nothing is written.
 */
public interface SharedStore {
    /** Opens the store configured for this machine, or gives null when there is none. */
    @FunctionalInterface
    interface Source {
        SharedStore open() throws VaultException;
    }

    /**
     * The lowest generation the next write must exceed besides what this machine has seen: a
     * store holding a generation the replica never had (a forced replacement) must be passed too,
     * or other machines would refuse the new file as older.
     */
    default long generationFloor() throws VaultException {
        return 0;
    }

    /**
     * Offers the file that is about to replace the replica. Throws a {@link VaultException} of
     * kind {@code IO} when the store cannot be reached (then nothing is written anywhere), or of
     * another kind when it must not take this file at all.
     */
    Offer offer(Outgoing outgoing) throws VaultException;

    /**
     * Called once the replica holds generation {@code generation} as {@code offer} left it (the
     * published file, the deferred one, or the newer file the store held).
     */
    void settled(long generation, Offer offer) throws VaultException;
}
