package io.keystash.vault;

import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.audit.AuditLog;
import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.crypto.KdfParams;
import io.keystash.vault.format.KeySlot;
import io.keystash.vault.storage.AtomicFile;
import io.keystash.vault.storage.TrustedPaths;
import io.keystash.vault.storage.VaultLock;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.KeySlots;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The vault file on disk: create it, open it for reading, and apply changes to it.
 *
 * <p>Readers take no lock: the file is only ever replaced by an atomic rename, so a reader sees
 * the old or the new vault, never a mix. Writers run read-change-write under the exclusive
 * {@link VaultLock}, so concurrent writers never lose each other's updates.
 */
public final class VaultStore {
    /** A change applied to an unlocked vault under the write lock. */
    @FunctionalInterface
    public interface Change<T> {
        T apply(Vault vault) throws VaultException;
    }

    private final VaultPaths paths;
    private final Clock clock;
    private final AtomicFile atomicFile;
    private final Duration lockWait;

    private VaultStore(VaultPaths paths, Clock clock, AtomicFile atomicFile, Duration lockWait) {
        this.paths = paths;
        this.clock = clock;
        this.atomicFile = atomicFile;
        this.lockWait = lockWait;
    }

    public static VaultStore at(VaultPaths paths) {
        return new VaultStore(paths, Clock.systemUTC(), new AtomicFile(), VaultLock.DEFAULT_WAIT);
    }

    /** The same store with another clock (tests, imports with fixed times). */
    public VaultStore withClock(Clock other) {
        return new VaultStore(paths, other, atomicFile, lockWait);
    }

    /** The same store writing through {@code other} (tests inject failures there). */
    public VaultStore withAtomicFile(AtomicFile other) {
        return new VaultStore(paths, clock, other, lockWait);
    }

    /** The same store with another bound on lock waits. */
    public VaultStore withLockWait(Duration other) {
        return new VaultStore(paths, clock, atomicFile, other);
    }

    public VaultPaths paths() {
        return paths;
    }

    public boolean exists() {
        return Files.exists(paths.vaultFile());
    }

    /** Creates an empty vault with one key slot per credential. ALREADY_EXISTS if the file exists. */
    public void create(List<Credential> credentials, KdfParams kdf) throws VaultException {
        if (credentials.isEmpty()) {
            throw new IllegalArgumentException("a vault needs at least one credential");
        }
        TrustedPaths.createTrustedFolder(paths.folder(), "vault folder");
        paths.requireTrusted();
        try (VaultLock lock = VaultLock.acquire(paths.lockFile(), lockWait)) {
            if (exists()) {
                throw new VaultException(Failure.ALREADY_EXISTS, "a vault already exists at " + paths.vaultFile());
            }
            try (DataKey dataKey = DataKey.generate()) {
                List<KeySlot> slots = new ArrayList<>();
                for (Credential credential : credentials) {
                    slots.add(KeySlots.slotFor(dataKey, credential, kdf));
                }
                Vault vault = Vault.createEmpty(slots, dataKey, clock);
                atomicFile.write(paths.vaultFile(), vault.encodeFile().parts());
            }
        }
    }

    /** Creates an empty vault that {@code credential} opens. */
    public void create(Credential credential, KdfParams kdf) throws VaultException {
        create(List.of(credential), kdf);
    }

    /** Reads and unlocks the vault. The caller closes the returned vault. */
    public Vault open(Credential credential) throws VaultException {
        return open(readFile(), credential);
    }

    /**
     * Runs {@code change} on the current vault under the write lock, and writes the result
     * atomically if it changed anything. A failing change writes nothing.
     */
    public <T> T update(Credential credential, Change<T> change) throws VaultException {
        try (VaultLock lock = VaultLock.acquire(paths.lockFile(), lockWait);
             Vault vault = open(credential)) {
            return applyAndWrite(vault, change);
        }
    }

    private <T> T applyAndWrite(Vault vault, Change<T> change) throws VaultException {
        T result = change.apply(vault);
        if (vault.modified()) {
            if (vault.readOnly()) {
                throw new VaultException(Failure.UNSUPPORTED_VERSION, "vault " + paths.vaultFile()
                        + " was written by a newer Keystash; it can be read but not changed by this version");
            }
            AtomicFile.removeLeftovers(paths.vaultFile());
            atomicFile.write(paths.vaultFile(), vault.encodeFile().parts());
        }
        return result;
    }

    /**
     * As {@link #update(Credential, Change)}, and records {@code event} in the audit log when it
     * ends: outcome {@code ok} after the write, or {@code failed: REASON} when the change fails
     * after the vault was unlocked (then nothing is written to the vault).
     */
    public <T> T update(Credential credential, AuditEvent event, Change<T> change) throws VaultException {
        try (VaultLock lock = VaultLock.acquire(paths.lockFile(), lockWait);
             Vault vault = open(credential)) {
            auditLog().requireTrusted();
            T result;
            try {
                result = applyAndWrite(vault, change);
            } catch (VaultException e) {
                auditLog().append(vault.auditKey(), event, "failed: " + e.failure().name().toLowerCase(java.util.Locale.ROOT));
                throw e;
            }
            auditLog().append(vault.auditKey(), event, "ok");
            return result;
        }
    }

    /**
     * Runs a read-only {@code query} on the vault and records {@code event} in the audit log.
     * The vault is not written even if the query changed it in memory.
     */
    public <T> T read(Credential credential, AuditEvent event, Change<T> query) throws VaultException {
        try (Vault vault = open(credential)) {
            auditLog().requireTrusted();
            T result;
            try {
                result = query.apply(vault);
            } catch (VaultException e) {
                appendLocked(vault, event, "failed: " + e.failure().name().toLowerCase(java.util.Locale.ROOT));
                throw e;
            }
            appendLocked(vault, event, "ok");
            return result;
        }
    }

    /** Records an event that happened outside the vault (a failed rotation command, say). */
    public void audit(Credential credential, AuditEvent event, String outcome) throws VaultException {
        try (Vault vault = open(credential)) {
            appendLocked(vault, event, outcome);
        }
    }

    /** The audit log beside this vault. */
    public AuditLog auditLog() {
        return new AuditLog(paths.auditLog(), clock);
    }

    private void appendLocked(Vault vault, AuditEvent event, String outcome) throws VaultException {
        try (VaultLock lock = VaultLock.acquire(paths.lockFile(), lockWait)) {
            auditLog().append(vault.auditKey(), event, outcome);
        }
    }

    /** The vault file's bytes, after the size and permission checks. */
    public byte[] readFile() throws VaultException {
        return VaultReader.read(paths.vaultFile());
    }

    /** Unlocks vault bytes that were read elsewhere (a backup, an export). */
    public Vault open(byte[] file, Credential credential) throws VaultException {
        return VaultReader.open(paths.vaultFile(), file, credential, clock);
    }
}
