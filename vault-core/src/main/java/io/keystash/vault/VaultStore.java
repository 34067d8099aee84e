package io.keystash.vault;

import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.audit.AuditLog;
import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.crypto.KdfParams;
import io.keystash.vault.audit.Actor;
import io.keystash.vault.format.EncodedFile;
import io.keystash.vault.format.MalformedException;
import io.keystash.vault.format.NewerFormatException;
import io.keystash.vault.format.VaultCodec;
import io.keystash.vault.format.VaultId;
import io.keystash.vault.format.RecipientSlot;
import io.keystash.vault.members.Member;
import io.keystash.vault.sharing.LastWrite;
import io.keystash.vault.sharing.Offer;
import io.keystash.vault.sharing.Outgoing;
import io.keystash.vault.sharing.SharedStore;
import io.keystash.vault.model.Names;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.state.Freshness;
import io.keystash.vault.state.StateFolder;
import io.keystash.vault.state.VaultFacts;
import io.keystash.vault.storage.AtomicFile;
import io.keystash.vault.storage.TrustedPaths;
import io.keystash.vault.storage.VaultLock;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.trust.Approvals;
import io.keystash.vault.trust.SensitiveConfig;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.IdentityKey;
import io.keystash.vault.unlock.KeySlots;
import io.keystash.vault.unlock.Passphrase;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The vault file on disk: create it, open it for reading, and apply changes to it.
 *
 * <p>Readers take no lock: the file is only ever replaced by an atomic rename, so a reader sees
 * the old or the new vault, never a mix. Writers run read-change-write under the exclusive
 * {@link VaultLock}, so concurrent writers never lose each other's updates.
 */
public final class VaultStore {
    /** The operation the audit log names for a change made without an {@link AuditEvent}. */
    public static final String UNNAMED_UPDATE = "update";

    /** A change applied to an unlocked vault under the write lock. */
    @FunctionalInterface
    public interface Change<T> {
        T apply(Vault vault) throws VaultException;
    }

    private final VaultPaths paths;
    private final Clock clock;
    private final AtomicFile atomicFile;
    private final Duration lockWait;
    private final boolean acceptOlder;
    private final SharedStore.Source shared;

    private VaultStore(VaultPaths paths, Clock clock, AtomicFile atomicFile, Duration lockWait, boolean acceptOlder,
                       SharedStore.Source shared) {
        this.paths = paths;
        this.clock = clock;
        this.atomicFile = atomicFile;
        this.lockWait = lockWait;
        this.acceptOlder = acceptOlder;
        this.shared = shared;
    }

    public static VaultStore at(VaultPaths paths) {
        return new VaultStore(paths, Clock.systemUTC(), new AtomicFile(), VaultLock.DEFAULT_WAIT, false, null);
    }

    /** The same store with another clock (tests, imports with fixed times). */
    public VaultStore withClock(Clock other) {
        return new VaultStore(paths, other, atomicFile, lockWait, acceptOlder, shared);
    }

    /** The same store writing through {@code other} (tests inject failures there). */
    public VaultStore withAtomicFile(AtomicFile other) {
        return new VaultStore(paths, clock, other, lockWait, acceptOlder, shared);
    }

    /** The same store with another bound on lock waits. */
    public VaultStore withLockWait(Duration other) {
        return new VaultStore(paths, clock, atomicFile, other, acceptOlder, shared);
    }

    /**
     * The same store opening a vault older than one this machine has seen (a deliberate restore,
     * {@code --accept-older}); a write then still moves the generation past the newest seen.
     */
    public VaultStore acceptingOlder(boolean accept) {
        return new VaultStore(paths, clock, atomicFile, lockWait, accept, shared);
    }

    /**
     * The same store publishing every write to the shared store {@code source} opens (opened at
     * the first write, so that reads never touch it). {@code source} may give null: no store.
     */
    public VaultStore sharedThrough(SharedStore.Source source) {
        return new VaultStore(paths, clock, atomicFile, lockWait, acceptOlder, source);
    }

    /** What this machine remembers about its vaults. */
    public StateFolder state() {
        return StateFolder.under(paths.home());
    }

    public VaultPaths paths() {
        return paths;
    }

    public boolean exists() {
        return Files.exists(paths.vaultFile());
    }

    /**
     * Creates an empty vault with one member per credential, named {@code names} (null: the
     * kind's default name). ALREADY_EXISTS if the file exists.
     */
    public void create(List<Credential> credentials, List<String> names, KdfParams kdf) throws VaultException {
        if (credentials.isEmpty()) {
            throw new IllegalArgumentException("a vault needs at least one credential");
        }
        TrustedPaths.createTrustedFolder(paths.folder(), "vault folder");
        paths.requireTrusted();
        try (VaultLock lock = VaultLock.acquire(paths.lockFile(), lockWait)) {
            if (exists()) {
                throw new VaultException(Failure.ALREADY_EXISTS, "a vault already exists at " + paths.vaultFile()
                        + "; check it with: keystash doctor");
            }
            DataKey dataKey = DataKey.generate();
            List<KeySlots.NewSlot> slots = new ArrayList<>();
            List<String> memberNames = new ArrayList<>();
            for (int i = 0; i < credentials.size(); i++) {
                Credential credential = credentials.get(i);
                String name = names == null || names.get(i) == null ? defaultName(credential) : names.get(i);
                Names.requireMemberName(name);
                if (memberNames.contains(name)) {
                    throw new VaultException(Failure.ALREADY_EXISTS, "two members named " + Names.quote(name));
                }
                memberNames.add(name);
                List<RecipientSlot> made = new ArrayList<>();
                slots.forEach(slot -> made.add(slot.slot()));
                slots.add(KeySlots.slotFor(dataKey, credential, kdf, Membership.newSlotId(made)));
            }
            try (Vault vault = Vault.createEmpty(slots, memberNames, dataKey, clock, Actor.current().userAtHost())) {
                atomicFile.write(paths.vaultFile(), vault.encodeFile(0).parts());
                rememberWrite(vault, Map.of());
            }
        }
    }

    /** Creates an empty vault with one member per credential, each with its kind's default name. */
    public void create(List<Credential> credentials, KdfParams kdf) throws VaultException {
        create(credentials, null, kdf);
    }

    /** Creates an empty vault that {@code credential} opens. */
    public void create(Credential credential, KdfParams kdf) throws VaultException {
        create(List.of(credential), kdf);
    }

    private static String defaultName(Credential credential) {
        if (credential instanceof Passphrase) {
            return "passphrase";
        }
        return credential instanceof IdentityKey ? "identity" : "key-file";
    }

    /**
     * Reads and unlocks the vault, refuses it when this machine has opened a newer copy (unless
     * {@link #acceptingOlder}), and remembers its generation. The caller closes the returned vault,
     * which refuses changes (IllegalStateException: nothing would write them; use {@link #update})
     * and is not audited (use {@link #read} for an audited read).
     */
    public Vault open(Credential credential) throws VaultException {
        StateFolder state = state();
        Vault vault = VaultReader.openFresh(paths.vaultFile(), state, credential, clock, acceptOlder);
        try {
            Freshness.remember(vault.header(), paths.vaultFile(), state);
            return vault;
        } catch (VaultException | RuntimeException e) {
            vault.close();
            throw e;
        }
    }

    /**
     * Runs {@code change} on the current vault under the write lock, and writes the result
     * atomically if it changed anything. A failing change writes nothing. The audit log records
     * it as operation {@code update}, as it records every write: a caller that has a name for what
     * it does uses {@link #update(Credential, AuditEvent, Change)}.
     */
    public <T> T update(Credential credential, Change<T> change) throws VaultException {
        return update(credential, AuditEvent.of(UNNAMED_UPDATE), change);
    }

    /**
     * Runs {@code change} on the vault in memory and throws what it throws, without writing or
     * auditing anything: a command checks that its change would go through before it asks the user
     * for a value, then makes it with {@link #update}. The only handle besides update's that takes
     * changes, and it is closed before this returns.
     */
    public <T> T rehearse(Credential credential, Change<T> change) throws VaultException {
        try (Vault vault = open(credential)) {
            vault.acceptChanges();
            return change.apply(vault);
        }
    }

    /**
     * Runs {@code action} holding the write lock, so that no write of this machine comes between
     * its steps (a pull reads the store and replaces the replica under it).
     */
    public <T> T locked(Change<T> action) throws VaultException {
        TrustedPaths.createTrustedFolder(paths.folder(), "vault folder");
        try (VaultLock lock = VaultLock.acquire(paths.lockFile(), lockWait)) {
            return action.apply(null);
        }
    }

    /**
     * The change, then the write: with a shared store, the new file goes to the store first and
     * replaces the replica only once the store took it. When the store holds a newer copy, that
     * copy becomes the replica (it is checked as any pull is) and, unless it changed what this
     * change touched, the change runs again on it.
     */
    private <T> T applyAndWrite(Credential credential, Session session, Change<T> change) throws VaultException {
        SharedStore store = shared == null ? null : shared.open();
        for (int attempt = 1; ; attempt++) {
            Vault vault = session.vault;
            vault.acceptChanges();
            Map<String, String> upgradeApprovals = Map.of();
            if (vault.vaultId() == null) {
                // A vault from before approvals: every key's configuration was set up before them, so
                // this write, which gives the vault its id, approves each as it is now (before the change).
                upgradeApprovals = fingerprints(vault);
                vault.useApprovals(Approvals.of(upgradeApprovals));
            }
            T result = change.apply(vault);
            if (!vault.modified()) {
                if (!vault.approvalChanges().isEmpty() && vault.vaultId() != null) {
                    // Approvals of keys the change left as they were (an import of what the vault holds, trusted).
                    Map<String, String> approvals = approvalsAfter(vault, Map.of());
                    state().update(vault.vaultId(), facts -> facts.approvingAll(approvals));
                }
                return result;
            }
            if (vault.readOnly()) {
                throw new VaultException(Failure.UNSUPPORTED_VERSION, "vault " + paths.vaultFile()
                        + " was written by a newer Keystash; it can be read but not changed by this version");
            }
            long highest = vault.vaultId() == null ? 0 : state().read(vault.vaultId()).highestSeen();
            if (store == null) {
                writeReplica(vault.encodeFile(highest));
                rememberWrite(vault, approvalsAfter(vault, upgradeApprovals));
                return result;
            }
            ChangeFootprint footprint = vault.footprint();
            vault.stampWriter();
            EncodedFile file = vault.encodeFile(Math.max(highest, store.generationFloor()));
            Offer offer = store.offer(new Outgoing(vault.vaultId(), vault.generation(), file));
            if (!(offer instanceof Offer.Moved moved)) {
                writeReplica(file);
                rememberWrite(vault, approvalsAfter(vault, upgradeApprovals));
                store.settled(vault.generation(), offer);
                return result;
            }
            Vault newer = openStoreCopy(moved.file(), credential, vault.vaultId());
            session.replace(newer);
            writeReplica(moved.file());
            Freshness.remember(newer.header(), paths.vaultFile(), state());
            store.settled(newer.generation(), moved);
            List<String> changed = footprint.changedIn(newer.records());
            if (!changed.isEmpty()) {
                throw new VaultException(Failure.CONFLICT, String.join(", ", changed) + (changed.size() == 1 ? " was" : " were")
                        + " changed on the store by " + newer.lastWrite().map(LastWrite::who).orElse("another member")
                        + " since your last pull; nothing of yours was written (the replica now holds their version:"
                        + " check it, then run the command again)");
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new VaultException(Failure.BUSY, "the store changed " + MAX_ATTEMPTS + " times during this write; "
                        + "nothing of yours was written (try again)");
            }
            pause(attempt);
        }
    }

    /** Tries before a write that keeps meeting newer copies gives up (each try re-reads only what changed). */
    static final int MAX_ATTEMPTS = 30;

    private static void pause(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(5, 20L + 10L * Math.min(attempt, 10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeReplica(EncodedFile file) throws VaultException {
        AtomicFile.removeLeftovers(paths.vaultFile());
        atomicFile.write(paths.vaultFile(), file.parts());
    }

    private void writeReplica(byte[] file) throws VaultException {
        AtomicFile.removeLeftovers(paths.vaultFile());
        atomicFile.write(paths.vaultFile(), file);
    }

    /**
     * Opens a copy of the vault that came from the shared store and checks it as the replica's
     * successor: it parses, unlocks with {@code credential}, its file MAC holds, it is the vault
     * {@code expected} (when given) and not older than this machine has seen. The caller closes it.
     */
    private Vault openStoreCopy(byte[] file, Credential credential, VaultId expected) throws VaultException {
        return openStoreCopy(file, credential, expected, false);
    }

    private Vault openStoreCopy(byte[] file, Credential credential, VaultId expected, boolean olderAccepted)
            throws VaultException {
        Vault copy;
        try {
            copy = VaultReader.open(paths.vaultFile(), file, credential, clock);
        } catch (VaultException e) {
            throw new VaultException(e.failure(), "the store's copy of the vault was refused: "
                    + e.getMessage().replace("vault " + paths.vaultFile() + " ", "it ")
                    + " (the replica was not changed)");
        }
        try {
            if (expected != null && !expected.equals(copy.vaultId())) {
                throw new VaultException(Failure.CONFLICT, "the store holds another vault (id " + copy.vaultId()
                        + ") than the replica (id " + expected + "); the replica was not changed");
            }
            String older = Freshness.olderThanSeen(copy.header(), paths.vaultFile(), state());
            if (older != null && !olderAccepted) {
                throw new VaultException(Failure.OLDER, "the store's copy of the vault is older than one this machine has"
                        + " already opened (" + older + "): refused, the replica was not changed");
            }
            return copy;
        } catch (VaultException | RuntimeException e) {
            copy.close();
            throw e;
        }
    }

    /**
     * Replaces the replica with a copy that came from the shared store, after the checks of
     * {@link #openStoreCopy} (the vault must be the replica's own when there is one), under the
     * write lock; with {@link #acceptingOlder} an older copy is taken too (a deliberate restore of
     * the store). Returns the copy's generation and last writer.
     */
    public Pulled acceptStoreCopy(byte[] file, Credential credential) throws VaultException {
        TrustedPaths.createTrustedFolder(paths.folder(), "vault folder");
        try (VaultLock lock = VaultLock.acquire(paths.lockFile(), lockWait)) {
            VaultId local = exists() ? replicaId() : null;
            try (Vault copy = openStoreCopy(file, credential, local, acceptOlder)) {
                writeReplica(file);
                Freshness.remember(copy.header(), paths.vaultFile(), state());
                return new Pulled(copy.vaultId(), copy.generation(), copy.lastWrite().orElse(null));
            }
        }
    }

    /** What {@link #acceptStoreCopy} put in place. */
    public record Pulled(VaultId vaultId, long generation, LastWrite lastWrite) {
    }

    /**
     * The replica's vault id, read from its clear header; null for a format 1 or 2 file, and for
     * a damaged one (which a copy from the store may then repair).
     */
    private VaultId replicaId() throws VaultException {
        try {
            return VaultCodec.parse(readFile()).header().vaultId();
        } catch (MalformedException | NewerFormatException e) {
            return null;
        }
    }

    /** The open vault of a write, which a newer copy from the shared store may replace. */
    private static final class Session implements AutoCloseable {
        private Vault vault;

        Session(Vault vault) {
            this.vault = vault;
        }

        void replace(Vault newer) {
            vault.close();
            vault = newer;
        }

        @Override
        public void close() {
            vault.close();
        }
    }

    /** Key name → fingerprint of every key that has something to approve. */
    private static Map<String, String> fingerprints(Vault vault) throws VaultException {
        Map<String, String> fingerprints = new TreeMap<>();
        for (KeyEntry key : vault.keys()) {
            SensitiveConfig config = SensitiveConfig.of(key.metadata());
            if (!config.isEmpty()) {
                fingerprints.put(key.name(), config.fingerprint());
            }
        }
        return fingerprints;
    }

    /**
     * The approvals a write records: {@code base}, then the vault's own changes — a key the local
     * user set is approved as written, a deleted key forgotten (null: remove).
     */
    private static Map<String, String> approvalsAfter(Vault vault, Map<String, String> base) throws VaultException {
        Map<String, String> approvals = new TreeMap<>(base);
        for (Map.Entry<String, Boolean> change : vault.approvalChanges().entrySet()) {
            String fingerprint = null;
            if (change.getValue()) {
                Optional<KeyEntry> key = vault.findKey(change.getKey());
                SensitiveConfig config = key.isEmpty() ? null : SensitiveConfig.of(key.get().metadata());
                fingerprint = config == null || config.isEmpty() ? null : config.fingerprint();
            }
            approvals.put(change.getKey(), fingerprint);
        }
        vault.approvalChanges().clear();
        return approvals;
    }

    private void rememberWrite(Vault vault, Map<String, String> approvals) throws VaultException {
        long generation = vault.generation();
        StateFolder state = state();
        state.update(vault.vaultId(), facts -> facts.written(generation).approvingAll(approvals));
        state.rememberPath(paths.vaultFile(), vault.vaultId());
    }

    /**
     * As {@link #update(Credential, Change)}, and records {@code event} in the audit log when it
     * ends: outcome {@code ok} after the write, or {@code failed: REASON} when the change fails
     * after the vault was unlocked (then nothing is written to the vault).
     */
    public <T> T update(Credential credential, AuditEvent event, Change<T> change) throws VaultException {
        try (VaultLock lock = VaultLock.acquire(paths.lockFile(), lockWait);
             Session session = new Session(open(credential))) {
            auditLog().requireTrusted();
            T result;
            try {
                result = applyAndWrite(credential, session, change);
            } catch (VaultException e) {
                appendUnlocked(session.vault, event, "failed: " + e.failure().name().toLowerCase(java.util.Locale.ROOT));
                throw e;
            }
            appendUnlocked(session.vault, event, "ok");
            return result;
        }
    }

    /**
     * Runs a read-only {@code query} on the vault and records {@code event} in the audit log.
     * The vault handed to the query refuses changes (IllegalStateException): they would not be
     * written.
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
            appendUnlocked(vault, event, outcome);
        }
    }

    /** Appends under a lock the caller holds: the line names the generation and the acting member. */
    private void appendUnlocked(Vault vault, AuditEvent event, String outcome) throws VaultException {
        if (vault.acceptedOlder() != null) {
            event.detail((event.detail() == null ? "" : event.detail() + "; ") + "opened an older copy ("
                    + vault.acceptedOlder() + ") with --accept-older");
        }
        Member member = vault.openedBy();
        byte[] auditKey = vault.auditKey();
        try {
            auditLog().append(auditKey, vault.generation(), member == null ? null : member.name(), event, outcome);
        } finally {
            Arrays.fill(auditKey, (byte) 0);
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
