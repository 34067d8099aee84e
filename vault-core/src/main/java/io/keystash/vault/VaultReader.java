package io.keystash.vault;

import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.format.Header;
import io.keystash.vault.format.MalformedException;
import io.keystash.vault.format.NewerFormatException;
import io.keystash.vault.format.ParsedVault;
import io.keystash.vault.format.VaultCodec;
import io.keystash.vault.storage.BoundedFileRead;
import io.keystash.vault.state.Freshness;
import io.keystash.vault.state.StateFolder;
import io.keystash.vault.state.SyncAge;
import io.keystash.vault.state.VaultFacts;
import io.keystash.vault.storage.TrustedPaths;
import io.keystash.vault.trust.Approvals;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.KeySlots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

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
     * newer copy of it (see {@link Freshness}). The vault carries this machine's approvals of its
     * keys' commands and settings, read with the generation. The caller closes the returned vault.
     */
    public static Vault open(VaultPaths paths, Credential credential, Clock clock) throws VaultException {
        return open(paths, credential, clock, null);
    }

    /**
     * As {@link #open(VaultPaths, Credential, Clock)}, and with {@code maxAge} not null, refuses a
     * replica of a shared vault last synced longer ago than that (see {@link SyncAge}).
     */
    public static Vault open(VaultPaths paths, Credential credential, Clock clock, Duration maxAge) throws VaultException {
        StateFolder state = StateFolder.under(paths.home());
        Vault vault = openFresh(paths.vaultFile(), state, credential, clock, false);
        if (maxAge != null) {
            try {
                SyncAge.require(vault.header(), paths.vaultFile(), state, maxAge, clock.instant());
            } catch (VaultException | RuntimeException e) {
                vault.close();
                throw e;
            }
        }
        return vault;
    }

    /**
     * The header of the vault at {@code paths}, read with the same checks as {@link #open} but not
     * unlocked: its slots, to derive an unlock session's key before the vault is opened with it.
     */
    public static Header readHeader(VaultPaths paths) throws VaultException {
        Path vaultFile = paths.vaultFile();
        try {
            return VaultCodec.parse(read(vaultFile)).header();
        } catch (MalformedException e) {
            throw damaged(vaultFile, e.getMessage());
        } catch (NewerFormatException e) {
            throw new VaultException(Failure.UNSUPPORTED_VERSION, "vault " + vaultFile + " uses format version "
                    + e.major() + ", written by a newer Keystash; upgrade keystash to open it (the file was not changed)");
        }
    }

    /**
     * Opens the vault file and applies the freshness rule. Readers take no lock, so a writer may
     * replace the file and record its newer generation between this reader's read and its check:
     * an "older" verdict is checked again against the file as it is now, and only a file that is
     * still older is refused.
     */
    static Vault openFresh(Path vaultFile, StateFolder state, Credential credential, Clock clock, boolean acceptOlder)
            throws VaultException {
        byte[] file = read(vaultFile);
        for (int attempt = 1; ; attempt++) {
            Vault vault = open(vaultFile, file, credential, clock);
            try {
                String older = acceptOlder ? Freshness.olderThanSeen(vault.header(), vaultFile, state) : null;
                VaultFacts facts = Freshness.check(vault.header(), vaultFile, state, acceptOlder);
                vault.highestSeenAtOpen(facts == null ? 0 : facts.highestSeen());
                vault.useApprovals(approvals(facts));
                vault.acceptedOlder(older);
                return vault;
            } catch (VaultException e) {
                vault.close();
                byte[] now = e.failure() == Failure.OLDER && attempt < 3 ? read(vaultFile) : null;
                if (now == null || generationOf(now) <= vault.header().generation()) {
                    throw e;
                }
                file = now; // replaced meanwhile by a newer write: open that one
            } catch (RuntimeException e) {
                vault.close();
                throw e;
            }
        }
    }

    /**
     * The header of the vault file as it is now — its id and generation — read and checked as
     * {@link #open} reads it but not unlocked, so nothing here is authenticated yet: for a reader
     * that only wants to know whether the file has a new generation before paying for an unlock
     * (the agent's reload). A file that is not a vault is DAMAGED, as at {@link #open}.
     */
    public static Header peekHeader(Path vaultFile) throws VaultException {
        byte[] file = read(vaultFile);
        try {
            return VaultCodec.parse(file).header();
        } catch (MalformedException e) {
            throw damaged(vaultFile, e.getMessage());
        } catch (NewerFormatException e) {
            throw new VaultException(Failure.UNSUPPORTED_VERSION, "vault " + vaultFile + " uses format version "
                    + e.major() + ", written by a newer Keystash");
        }
    }

    private static long generationOf(byte[] file) {
        try {
            return VaultCodec.parse(file).header().generation();
        } catch (MalformedException | NewerFormatException e) {
            return -1;
        }
    }

    /**
     * What remembering the generation of a vault opened with {@link #open(VaultPaths, Credential,
     * Clock)} takes, to run later: only when it is newer than this machine knew (so a later older
     * copy is refused here too); nothing is written in the common case of an unchanged vault, and
     * a failure to write is ignored. Null when there is nothing to remember.
     */
    public static Runnable seenGeneration(VaultPaths paths, Vault vault) {
        Header header = vault.header();
        if (header.vaultId() == null || header.generation() <= vault.highestSeenAtOpen()) {
            return null;
        }
        long highest = vault.highestSeenAtOpen();
        return new Runnable() { // not a lambda: the agent's start path spins no lambda
            @Override
            public void run() {
                Freshness.rememberIfNewer(header, paths.vaultFile(), StateFolder.under(paths.home()), paths.home(), highest);
            }
        };
    }

    /**
     * This machine's approvals from its facts about the vault; every key approved for a vault
     * without an id (format 2), about which nothing was remembered and whose keys all predate
     * approvals (its first write records them, see {@link VaultStore}).
     */
    static Approvals approvals(VaultFacts facts) {
        return facts == null ? Approvals.everything() : Approvals.of(facts.approvals());
    }

    /**
     * The vault file's bytes, after the size check and {@link TrustedPaths}' check of the file and
     * its folder (another user who may write there could put an older vault in its place).
     */
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
            TrustedPaths.requireTrustedFolder(vaultFile.toAbsolutePath().getParent(), "vault folder");
            TrustedPaths.requireTrustedFile(vaultFile, "vault");
            // Bounded: a FIFO or device reports size 0 and would otherwise be read until memory runs out.
            return BoundedFileRead.read(vaultFile, (int) MAX_FILE_BYTES);
        } catch (BoundedFileRead.TooLargeException e) {
            throw new VaultException(Failure.DAMAGED, "vault " + vaultFile + " is larger than any vault Keystash writes");
        } catch (NoSuchFileException e) {
            throw new VaultException(Failure.NOT_FOUND, VaultPaths.noVaultMessage(vaultFile));
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
            byte[] macKey = dataKey.fileMacKey();
            boolean intact;
            try {
                intact = VaultCodec.macMatches(parsed, macKey);
            } finally {
                Arrays.fill(macKey, (byte) 0);
            }
            if (!intact) {
                throw damaged(vaultFile, "integrity check failed");
            }
            return Vault.open(parsed.header(), unlocked, new SealedRecords(dataKey, parsed.table()), clock);
        } catch (VaultException | RuntimeException e) {
            dataKey.close();
            throw e;
        }
    }

    private static VaultException damaged(Path vaultFile, String detail) {
        return new VaultException(Failure.DAMAGED, "vault " + vaultFile + " is damaged or was tampered with (" + detail
                + "); see its backups with: keystash doctor");
    }
}
