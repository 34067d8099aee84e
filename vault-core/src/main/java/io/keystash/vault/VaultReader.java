package io.keystash.vault;

import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.format.MalformedException;
import io.keystash.vault.format.NewerFormatException;
import io.keystash.vault.format.ParsedVault;
import io.keystash.vault.format.VaultCodec;
import io.keystash.vault.storage.BoundedFileRead;
import io.keystash.vault.state.Freshness;
import io.keystash.vault.state.StateFolder;
import io.keystash.vault.state.SyncAge;
import io.keystash.vault.storage.SecureFiles;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.KeySlots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Reads a vault file and unlocks it: the part of {@link VaultStore} that never writes.
 *
 * <p>Why a class of its own: the agent opens the vault once per JVM start, on the path every
 * program waits for, and only reads it. {@link VaultStore} also carries the writing machinery
 * (atomic replacement, the write lock, the audit log), whose classes a start would otherwise load
 * and verify for nothing. Both share this code, so a vault opens the same way everywhere.
 */
public final class VaultReader {
    /** Vault files larger than this are refused before reading (a 100k-key vault is far smaller). */
    public static final long MAX_FILE_BYTES = 1L << 30;

    private VaultReader() {
    }

    /**
     * Reads and unlocks the vault at {@code paths}, and refuses it when this machine has opened a
     * newer copy of it (see {@link Freshness}). The caller closes the returned vault.
     */
    public static Vault open(VaultPaths paths, Credential credential, Clock clock) throws VaultException {
        return open(paths, credential, clock, null);
    }

    /**
     * As {@link #open(VaultPaths, Credential, Clock)}, and with {@code maxAge} not null, refuses a
     * replica of a shared vault last synced longer ago than that (see {@link SyncAge}).
     */
    public static Vault open(VaultPaths paths, Credential credential, Clock clock, Duration maxAge) throws VaultException {
        Vault vault = open(paths.vaultFile(), read(paths.vaultFile()), credential, clock);
        try {
            StateFolder state = StateFolder.under(paths.home());
            vault.highestSeenAtOpen(Freshness.check(vault.header(), paths.vaultFile(), state, false));
            if (maxAge != null) {
                SyncAge.require(vault.header(), paths.vaultFile(), state, maxAge, clock.instant());
            }
            return vault;
        } catch (VaultException | RuntimeException e) {
            vault.close();
            throw e;
        }
    }

    /**
     * Remembers the generation of a vault opened with {@link #open(VaultPaths, Credential, Clock)}
     * when it is newer than this machine knew, so a later older copy is refused here too; nothing
     * is written in the common case of an unchanged vault, and a failure to write is ignored.
     */
    public static boolean rememberIfNewer(VaultPaths paths, Vault vault) {
        return Freshness.rememberIfNewer(vault.header(), paths.vaultFile(), StateFolder.under(paths.home()), paths.home(),
                vault.highestSeenAtOpen());
    }

    /** The vault file's bytes, after the size and permission checks. */
    static byte[] read(Path vaultFile) throws VaultException {
        try {
            if (Files.isDirectory(vaultFile)) {
                throw new VaultException(Failure.IO, vaultFile + " is a folder, not a vault file");
            }
            long size = Files.size(vaultFile);
            if (size > MAX_FILE_BYTES) {
                throw new VaultException(Failure.DAMAGED, "vault " + vaultFile + " is " + size
                        + " bytes, larger than any vault Keystash writes");
            }
            SecureFiles.requireOwnerOnly(vaultFile, "vault");
            // Bounded: a FIFO or device reports size 0 and would otherwise be read until memory runs out.
            return BoundedFileRead.read(vaultFile, (int) MAX_FILE_BYTES);
        } catch (BoundedFileRead.TooLargeException e) {
            throw new VaultException(Failure.DAMAGED, "vault " + vaultFile + " is larger than any vault Keystash writes");
        } catch (NoSuchFileException e) {
            throw new VaultException(Failure.NOT_FOUND, "no vault at " + vaultFile + " (create one with: keystash init)");
        } catch (IOException e) {
            throw new VaultException(Failure.IO, "cannot read vault " + vaultFile + ": " + e.getMessage());
        }
    }

    /** Unlocks the bytes of a vault file; {@code vaultFile} names it in messages. */
    static Vault open(Path vaultFile, byte[] file, Credential credential, Clock clock) throws VaultException {
        ParsedVault parsed;
        try {
            parsed = VaultCodec.parse(file);
        } catch (MalformedException e) {
            throw damaged(vaultFile, e.getMessage());
        } catch (NewerFormatException e) {
            throw new VaultException(Failure.UNSUPPORTED_VERSION, "vault " + vaultFile + " uses format version "
                    + e.major() + ", written by a newer Keystash; upgrade keystash to open it (the file was not changed)");
        }
        KeySlots.Unlocked unlocked = KeySlots.unlock(parsed.header(), credential);
        DataKey dataKey = unlocked.dataKey();
        try {
            if (!VaultCodec.macMatches(parsed, dataKey.fileMacKey())) {
                throw damaged(vaultFile, "integrity check failed");
            }
            return Vault.open(parsed.header(), unlocked, new SealedRecords(dataKey, parsed.table()), clock);
        } catch (VaultException | RuntimeException e) {
            dataKey.close();
            throw e;
        }
    }

    private static VaultException damaged(Path vaultFile, String detail) {
        return new VaultException(Failure.DAMAGED, "vault " + vaultFile + " is damaged or was tampered with (" + detail + ")");
    }
}
