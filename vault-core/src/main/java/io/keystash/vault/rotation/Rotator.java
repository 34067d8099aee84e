package io.keystash.vault.rotation;

import io.keystash.vault.Failure;
import io.keystash.vault.Secret;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.audit.Actor;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.KeyVersion;
import io.keystash.vault.model.Names;
import io.keystash.vault.rotation.RotationResult.Outcome;
import io.keystash.vault.storage.VaultLock;
import io.keystash.vault.trust.SensitiveConfig;
import io.keystash.vault.unlock.Credential;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rotation and rollback: every change writes an encrypted backup first, adds a version (history is
 * never rewritten), recomputes expiry from the rotation period, and is audited.
 *
 * <p>New values are obtained and validated before the vault's lock is taken, so a slow provider or
 * validation command never blocks other writers; a value that fails validation is never stored
 * (the rotation is "rolled back" by leaving the vault as it was, and the failure is audited).
 *
 * <p>Expiry after a new version (rotation or rollback): today plus the rotation period; without a
 * period the old expiry date no longer describes the value, so it is cleared (otherwise
 * {@code rotate --due} would rotate the key again on every run). A {@link MetadataEdit} may set one.
 *
 * <p>Commands that came from elsewhere are not run: a provider is not asked for a key whose
 * configuration is not approved on this machine ({@link io.keystash.vault.trust.Approvals}; the
 * result is a failure naming {@code keystash trust}), and a manual rotation refuses to give the new
 * value to an unapproved validate command. A command the rotation itself sets is the user's.
 */
public final class Rotator {
    private final VaultStore store;
    private final Clock clock;
    private final List<RotationProvider> providers;
    private final Backups backups;

    public Rotator(VaultStore store, Clock clock, List<RotationProvider> providers) {
        this.store = store;
        this.clock = clock;
        this.providers = List.copyOf(providers);
        this.backups = new Backups(store.paths(), clock);
    }

    /** A rotator with the built-in {@code command} provider and those found on the context class path. */
    public static Rotator withDiscoveredProviders(VaultStore store, Clock clock) throws VaultException {
        return new Rotator(store, clock, RotationProviders.discover(Thread.currentThread().getContextClassLoader()));
    }

    /** The providers asked, in order. */
    public List<RotationProvider> providers() {
        return providers;
    }

    /** The first provider that handles {@code key}; a provider that throws while deciding is a failure. */
    public Optional<RotationProvider> providerFor(KeyEntry key) throws RotationFailure {
        for (RotationProvider provider : providers) {
            try {
                if (provider.handles(key)) {
                    return Optional.of(provider);
                }
            } catch (RuntimeException e) {
                throw new RotationFailure("rotation provider " + provider.id() + " failed while checking "
                        + Names.quote(key.name()) + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        return Optional.empty();
    }

    // ---- manual rotation ----------------------------------------------------------------------

    /**
     * Manual rotation: {@code value} becomes the key's new current version, after the key's
     * validate command (if any, as {@code edit} leaves it) accepted it. Takes ownership of the value.
     * A rejected value is a {@link Outcome#FAILED} result, not an exception.
     */
    public RotationResult rotate(Credential credential, String name, Secret value, MetadataEdit edit) throws VaultException {
        try (value) {
            Names.requireKeyName(name);
            AuditEvent event = AuditEvent.of("rotate").key(name);
            String accepted = null;
            for (int attempt = 1; ; attempt++) {
                String acceptedBy = accepted;
                try {
                    // One unlock in the usual case: the key is planned under the lock. A key with a
                    // validate command sends us back out (nothing written, nothing audited) to run it
                    // without the lock held, then in again.
                    Committed done = store.update(credential, event, vault -> {
                        KeyEntry current = vault.key(name);
                        KeyEntry key = planned(current, edit);
                        String command = key.metadata().validateCommand();
                        if (hasText(command) && !command.equals(acceptedBy)) {
                            requireApprovedValidation(vault, current, key);
                            throw new ValidateFirst(key);
                        }
                        return commit(vault, name, value.copy(), "rotate", edit, event);
                    });
                    return done.result(name, null);
                } catch (ValidateFirst needed) {
                    if (attempt == 3) {
                        throw new VaultException(Failure.CONFLICT, "the validate command of " + Names.quote(name)
                                + " changed during the rotation, three times; nothing was stored");
                    }
                    try {
                        CommandRotationProvider.validate(needed.key, value);
                    } catch (RotationFailure failure) {
                        return failed(credential, event, needed.key.current().number(), null, "validation",
                                failure.getMessage() + "; rotation rolled back, nothing changed");
                    }
                    accepted = needed.key.metadata().validateCommand();
                }
            }
        }
    }

    /**
     * Leaves {@link VaultStore#update} without writing or auditing (only a {@link VaultException}
     * is audited there), so that a value is validated before the change is made.
     */
    private static final class ValidateFirst extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient KeyEntry key;

        ValidateFirst(KeyEntry key) {
            super(null, null, false, false);
            this.key = key;
        }
    }

    /**
     * Refuses a manual rotation whose validate command came from elsewhere and is not approved on
     * this machine: it would be given the new value. Storing the value unvalidated instead would
     * skip a check the key asks for, so nothing is stored; the message says how to approve it. A
     * validate command set by this very rotation is the user's own.
     */
    private static void requireApprovedValidation(Vault vault, KeyEntry current, KeyEntry planned) throws VaultException {
        String command = planned.metadata().validateCommand();
        boolean setNow = !command.equals(current.metadata().validateCommand());
        if (!setNow && !vault.approvals().approvesEdit(current.name(), current.metadata(), planned.metadata())) {
            throw new VaultException(Failure.CONFLICT, "the validate command of " + Names.quote(current.name())
                    + " is not approved on this machine (it came from an import or another member) and would be given "
                    + "the new value; nothing was stored (review and approve it with: keystash trust " + current.name() + ")");
        }
    }

    /** What {@link #rotate} would do, reading no value and changing nothing. */
    public RotationResult previewRotate(Credential credential, String name, MetadataEdit edit) throws VaultException {
        Names.requireKeyName(name);
        KeyEntry current;
        KeyEntry key;
        try (Vault vault = store.open(credential)) {
            current = vault.key(name);
            key = planned(current, edit);
            if (hasText(key.metadata().validateCommand())) {
                requireApprovedValidation(vault, current, key);
            }
        }
        int from = key.current().number();
        String validation = hasText(key.metadata().validateCommand()) ? " once its validate command accepts the new value" : "";
        return new RotationResult(name, Outcome.WOULD_CHANGE, from, 0, null, "would rotate " + Names.quote(name)
                + " to version " + (from + 1) + validation + expiryNote(current.metadata().expires(), key.metadata().expires()));
    }

    // ---- automated rotation -------------------------------------------------------------------

    /**
     * Rotates one key now with its rotation provider (chosen after {@code edit}, so {@code rotate
     * NAME --rotate-command CMD --from-provider} sets the command and uses it).
     */
    public RotationResult rotateWithProvider(Credential credential, String name, MetadataEdit edit, boolean dryRun)
            throws VaultException {
        Names.requireKeyName(name);
        KeyEntry planned;
        boolean approved;
        try (Vault vault = store.open(credential)) {
            KeyEntry current = vault.key(name);
            planned = planned(current, edit);
            approved = vault.approvals().approvesEdit(name, current.metadata(), planned.metadata());
        }
        return rotateByProvider(credential, planned, approved, edit, dryRun, true);
    }

    /**
     * Automated rotation of every key due within {@code withinDays} (see {@link DueKeys}). Keys no
     * provider handles are {@link Outcome#SKIPPED}. One key's failure does not stop the others.
     */
    public List<RotationResult> rotateDue(Credential credential, int withinDays, boolean dryRun) throws VaultException {
        if (dryRun) {
            return rotateDueNow(credential, withinDays, true);
        }
        // Two overlapping runs (a slow cron job, a timer and a person) would each ask the providers
        // for new values and rotate the same keys twice; the second run is refused instead.
        Path lockFile = rotationLockFile();
        VaultLock lock;
        try {
            lock = VaultLock.acquire(lockFile, Duration.ZERO);
        } catch (VaultException e) {
            if (e.failure() != Failure.BUSY) {
                throw e;
            }
            throw new VaultException(Failure.BUSY, "another rotate --due is running on this vault (it holds "
                    + lockFile + "); nothing was rotated");
        }
        try (lock) {
            return rotateDueNow(credential, withinDays, false);
        }
    }

    /** The lock file that keeps {@code rotate --due} runs on one vault from overlapping. */
    public Path rotationLockFile() {
        Path vault = store.paths().vaultFile();
        return vault.resolveSibling(vault.getFileName() + ".rotate.lock");
    }

    private List<RotationResult> rotateDueNow(Credential credential, int withinDays, boolean dryRun) throws VaultException {
        LocalDate today = today();
        List<KeyEntry> due = new ArrayList<>();
        List<Boolean> approved = new ArrayList<>();
        try (Vault vault = store.open(credential)) {
            for (KeyEntry key : vault.keys()) {
                if (DueKeys.isDue(key, today, withinDays)) {
                    due.add(key);
                    approved.add(vault.approvals().approves(key.name(), key.metadata()));
                }
            }
        }
        List<RotationResult> results = new ArrayList<>();
        for (int i = 0; i < due.size(); i++) {
            results.add(rotateByProvider(credential, due.get(i), approved.get(i), MetadataEdit.NONE, dryRun, false));
        }
        return results;
    }

    /**
     * Rotates {@code key} (already as {@code edit} leaves it) with its provider. {@code approved}:
     * whether its commands, endpoint and settings may be used here; a provider is never asked for
     * a key whose configuration came from elsewhere and is not approved on this machine.
     */
    private RotationResult rotateByProvider(Credential credential, KeyEntry key, boolean approved, MetadataEdit edit,
                                            boolean dryRun, boolean requested) throws VaultException {
        String name = key.name();
        int from = key.current().number();
        AuditEvent event = AuditEvent.of("rotate").key(name);
        RotationProvider provider;
        try {
            Optional<RotationProvider> found = providerFor(key);
            if (found.isEmpty()) {
                String due = DueKeys.dueDate(key).map(d -> " is due (" + d + ") but").orElse("");
                return new RotationResult(name, requested ? Outcome.FAILED : Outcome.SKIPPED, from, 0, null,
                        Names.quote(name) + due + " has no rotation provider; rotate it by hand, or give it one with: keystash rotate "
                                + name + " --rotate-command CMD --from-provider");
            }
            provider = found.get();
        } catch (RotationFailure failure) {
            return dryRun ? new RotationResult(name, Outcome.FAILED, from, 0, null, failure.getMessage())
                    : failed(credential, event, from, null, "provider", failure.getMessage());
        }
        String id = provider.id();
        event.detail("provider " + id);
        if (!approved) {
            String message = Names.quote(name) + " was not rotated: its configuration (" + SensitiveConfig.of(key.metadata()).summary()
                    + ") came from an import or another member and is not approved on this machine (review and approve it with: "
                    + "keystash trust " + name + ")";
            return dryRun ? new RotationResult(name, Outcome.FAILED, from, 0, id, message)
                    : failed(credential, event, from, id, "unapproved", message);
        }
        if (dryRun) {
            String validation = hasText(key.metadata().validateCommand()) ? ", checked by its validate command," : "";
            return new RotationResult(name, Outcome.WOULD_CHANGE, from, 0, id, "would rotate " + Names.quote(name)
                    + " with the " + id + " provider" + validation + " to version " + (from + 1));
        }
        Secret value;
        try {
            value = provider.newValue(key);
        } catch (RotationFailure failure) {
            return failed(credential, event, from, id, "provider", failure.getMessage() + "; nothing changed");
        } catch (RuntimeException e) {
            // The exception's message is not shown: a third-party provider might have put a value in it.
            return failed(credential, event, from, id, "provider", "rotation provider " + id + " failed for "
                    + Names.quote(name) + " (" + e.getClass().getSimpleName() + "); nothing changed");
        }
        if (value == null) {
            return failed(credential, event, from, id, "provider", "rotation provider " + id + " gave no value for "
                    + Names.quote(name) + "; nothing changed");
        }
        try (value) {
            if (hasText(key.metadata().validateCommand())) {
                try {
                    CommandRotationProvider.validate(key, value);
                } catch (RotationFailure failure) {
                    return failed(credential, event, from, id, "validation",
                            failure.getMessage() + "; rotation rolled back, nothing changed");
                }
            }
            try {
                Committed done = store.update(credential, event, vault -> commit(vault, name, value.copy(),
                        "rotate (" + id + ")", edit, event));
                return done.result(name, id);
            } catch (VaultException e) {
                // update() has audited the failure; the provider's new value is lost, so say so plainly.
                return new RotationResult(name, Outcome.FAILED, from, 0, id, "the new value of " + Names.quote(name)
                        + " from the " + id + " provider could not be stored (" + e.getMessage() + "); nothing changed");
            }
        }
    }

    // ---- rollback -----------------------------------------------------------------------------

    /**
     * Makes an earlier version current again, as a new version. Without {@code toVersion}, the
     * version before the current one. An unknown or pruned version is NOT_FOUND; the current one
     * is CONFLICT.
     */
    public RotationResult rollback(Credential credential, String name, Integer toVersion, boolean dryRun)
            throws VaultException {
        AuditEvent event = AuditEvent.of("rollback").key(name);
        if (dryRun) {
            KeyEntry key = readKey(credential, name);
            int target = target(key, toVersion);
            return new RotationResult(name, Outcome.WOULD_CHANGE, key.current().number(), 0, null,
                    "would make version " + target + " of " + Names.quote(name) + " current again as version "
                            + (key.current().number() + 1));
        }
        return store.update(credential, event, vault -> {
            KeyEntry key = vault.key(name);
            int target = target(key, toVersion);
            event.detail("to version " + target);
            try (Secret old = vault.value(name, target)) {
                Committed done = commit(vault, name, old.copy(), "rollback from " + target, MetadataEdit.NONE, event);
                return new RotationResult(name, Outcome.ROLLED_BACK, done.from(), done.to(), null, "version " + target
                        + " of " + Names.quote(name) + " is current again as version " + done.to() + done.expiryNote());
            }
        });
    }

    private static int target(KeyEntry key, Integer toVersion) throws VaultException {
        List<KeyVersion> versions = key.versions();
        if (toVersion == null) {
            if (versions.size() < 2) {
                throw new VaultException(Failure.NOT_FOUND, "key " + Names.quote(key.name()) + " has no earlier version to roll back to; "
                        + "see its versions with: keystash history " + key.name());
            }
            return versions.get(versions.size() - 2).number();
        }
        if (toVersion == key.current().number()) {
            throw new VaultException(Failure.CONFLICT, "version " + toVersion + " of " + Names.quote(key.name()) + " is already current");
        }
        if (versions.stream().noneMatch(v -> v.number() == toVersion)) {
            int newest = key.current().number();
            String why = toVersion > 0 && toVersion < versions.get(0).number() ? " (it was pruned; only the last "
                    + key.metadata().keep() + " are kept)" : "";
            throw new VaultException(Failure.NOT_FOUND, "key " + Names.quote(key.name()) + " has no version " + toVersion
                    + why + "; kept versions: " + versions.get(0).number() + ".." + newest);
        }
        return toVersion;
    }

    // ---- the change itself --------------------------------------------------------------------

    /** What a committed change did. */
    private record Committed(int from, int to, String expiryNote) {
        RotationResult result(String name, String provider) {
            return new RotationResult(name, Outcome.ROTATED, from, to, provider,
                    Names.quote(name) + " rotated from version " + from + " to " + to + expiryNote);
        }
    }

    /** Backup, new version, metadata; runs under the write lock. Takes ownership of {@code value}. */
    private Committed commit(Vault vault, String name, Secret value, String origin, MetadataEdit edit, AuditEvent event)
            throws VaultException {
        KeyEntry key;
        KeyMetadata metadata;
        try {
            key = vault.key(name);
            metadata = edit.apply(recomputed(key.metadata()));
            backups.take(store.paths().vaultFile());
        } catch (VaultException | RuntimeException e) {
            value.close();
            throw e;
        }
        KeyVersion version = vault.addVersion(name, value, Actor.current().userAtHost(), origin);
        vault.updateMetadata(name, metadata);
        boolean changesConfig = !SensitiveConfig.of(key.metadata()).equals(SensitiveConfig.of(metadata));
        if (changesConfig && vault.approvals().approvesEdit(name, key.metadata(), metadata)) {
            vault.approveHere(name); // the user set a command here, on a configuration approved or set by them
        }
        int from = key.current().number();
        event.version(from).version(version.number());
        return new Committed(from, version.number(), expiryNote(key.metadata().expires(), metadata.expires()));
    }

    private KeyEntry planned(KeyEntry key, MetadataEdit edit) throws VaultException {
        return new KeyEntry(key.name(), key.created(), edit.apply(recomputed(key.metadata())), key.versions());
    }

    private KeyMetadata recomputed(KeyMetadata metadata) throws VaultException {
        Integer period = metadata.rotateEveryDays();
        return metadata.toBuilder().expires(period == null ? null : today().plusDays(period)).build();
    }

    private static String expiryNote(LocalDate before, LocalDate after) {
        if (after != null) {
            return "; expires " + after;
        }
        return before != null ? "; expiry cleared (the key has no rotation period)" : "";
    }

    private RotationResult failed(Credential credential, AuditEvent event, int from, String provider, String stage,
                                  String message) throws VaultException {
        event.version(from);
        store.audit(credential, event.detail(provider == null ? message : "provider " + provider + ": " + message),
                "failed: " + stage);
        return new RotationResult(event.key(), Outcome.FAILED, from, 0, provider, message);
    }

    private KeyEntry readKey(Credential credential, String name) throws VaultException {
        Names.requireKeyName(name);
        try (Vault vault = store.open(credential)) {
            return vault.key(name);
        }
    }

    private static boolean hasText(String text) {
        return text != null && !text.isBlank();
    }

    private LocalDate today() {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    }
}
