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
import io.keystash.vault.unlock.Credential;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Rotation and rollback: every change writes an encrypted backup first, adds a version (history is
 * never rewritten), recomputes expiry from the rotation period, and is audited.
 *
 * <p>New values from rotation providers are obtained and validated before the vault's lock is
 * taken, so a slow command never blocks other writers; a value that fails validation is never
 * stored ("rolled back" leaves the vault as it was).
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

    /** A rotator with the built-in {@code command} provider and any found by {@link ServiceLoader}. */
    public static Rotator withDiscoveredProviders(VaultStore store, Clock clock) {
        List<RotationProvider> found = new ArrayList<>();
        found.add(new CommandRotationProvider());
        ServiceLoader.load(RotationProvider.class).forEach(found::add);
        return new Rotator(store, clock, found);
    }

    /** Manual rotation: {@code value} becomes the key's new current version. Takes ownership of it. */
    public RotationResult rotate(Credential credential, String name, Secret value, boolean dryRun) throws VaultException {
        try (value) {
            if (dryRun) {
                KeyEntry key = readKey(credential, name);
                return new RotationResult(name, Outcome.WOULD_CHANGE, key.current().number(), 0,
                        "would rotate " + Names.quote(name) + " to version " + (key.current().number() + 1));
            }
            AuditEvent event = AuditEvent.of("rotate").key(name);
            return store.update(credential, event, vault -> commit(vault, name, value.copy(), "rotate", event));
        }
    }

    /**
     * Automated rotation of every key due within {@code withinDays} that a provider handles. One
     * key's failure does not stop the others.
     */
    public List<RotationResult> rotateDue(Credential credential, int withinDays, boolean dryRun) throws VaultException {
        LocalDate today = today();
        List<KeyEntry> due = new ArrayList<>();
        try (Vault vault = store.open(credential)) {
            for (KeyEntry key : vault.keys()) {
                if (DueKeys.isDue(key, today, withinDays)) {
                    due.add(key);
                }
            }
        }
        List<RotationResult> results = new ArrayList<>();
        for (KeyEntry key : due) {
            results.add(rotateOne(credential, key, dryRun));
        }
        return results;
    }

    private RotationResult rotateOne(Credential credential, KeyEntry key, boolean dryRun) throws VaultException {
        int from = key.current().number();
        Optional<RotationProvider> provider = providers.stream().filter(p -> p.handles(key)).findFirst();
        if (provider.isEmpty()) {
            return new RotationResult(key.name(), Outcome.FAILED, from, 0,
                    Names.quote(key.name()) + " is due but has no rotation provider (set --rotate-command)");
        }
        if (dryRun) {
            return new RotationResult(key.name(), Outcome.WOULD_CHANGE, from, 0, "would rotate " + Names.quote(key.name())
                    + " with the " + provider.get().id() + " provider to version " + (from + 1));
        }
        AuditEvent event = AuditEvent.of("rotate").key(key.name()).detail("provider " + provider.get().id());
        try (Secret value = provider.get().newValue(key)) {
            if (key.metadata().validateCommand() != null && !key.metadata().validateCommand().isBlank()) {
                CommandRotationProvider.validate(key, value);
            }
            return store.update(credential, event, vault -> commit(vault, key.name(), value.copy(), "rotate", event));
        } catch (RotationFailure failure) {
            recordFailure(credential, event, failure);
            return new RotationResult(key.name(), Outcome.FAILED, from, 0, failure.getMessage() + "; vault unchanged");
        } catch (VaultException e) {
            if (e.failure() == Failure.NOT_FOUND) {
                return new RotationResult(key.name(), Outcome.FAILED, from, 0, e.getMessage());
            }
            throw e;
        }
    }

    /**
     * Makes an earlier version current again, as a new version. Without {@code toVersion}, the
     * version before the current one.
     */
    public RotationResult rollback(Credential credential, String name, Integer toVersion, boolean dryRun)
            throws VaultException {
        AuditEvent event = AuditEvent.of("rollback").key(name);
        if (dryRun) {
            KeyEntry key = readKey(credential, name);
            int target = target(key, toVersion);
            return new RotationResult(name, Outcome.WOULD_CHANGE, key.current().number(), 0,
                    "would make version " + target + " of " + Names.quote(name) + " current");
        }
        return store.update(credential, event, vault -> {
            KeyEntry key = vault.key(name);
            int target = target(key, toVersion);
            event.detail("from version " + target);
            try (Secret old = vault.value(name, target)) {
                RotationResult result = commit(vault, name, old.copy(), "rollback from " + target, event);
                return new RotationResult(name, Outcome.ROLLED_BACK, result.fromVersion(), result.toVersion(),
                        "version " + target + " of " + Names.quote(name) + " is current again as version " + result.toVersion());
            }
        });
    }

    private static int target(KeyEntry key, Integer toVersion) throws VaultException {
        List<KeyVersion> versions = key.versions();
        if (toVersion == null) {
            if (versions.size() < 2) {
                throw new VaultException(Failure.NOT_FOUND, "key " + Names.quote(key.name()) + " has no earlier version to roll back to");
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

    private RotationResult commit(Vault vault, String name, Secret value, String origin, AuditEvent event)
            throws VaultException {
        KeyEntry key = vault.key(name);
        backups.write(store.readFile());
        KeyVersion version = vault.addVersion(name, value, Actor.current().userAtHost(), origin);
        Integer period = key.metadata().rotateEveryDays();
        KeyMetadata metadata = key.metadata().toBuilder().expires(period == null ? null : today().plusDays(period)).build();
        vault.updateMetadata(name, metadata);
        event.version(key.current().number()).version(version.number());
        return new RotationResult(name, Outcome.ROTATED, key.current().number(), version.number(),
                Names.quote(name) + " rotated from version " + key.current().number() + " to " + version.number());
    }

    private void recordFailure(Credential credential, AuditEvent event, RotationFailure failure) throws VaultException {
        store.audit(credential, event.detail(failure.getMessage()), "failed: rotation");
    }

    private KeyEntry readKey(Credential credential, String name) throws VaultException {
        try (Vault vault = store.open(credential)) {
            return vault.key(name);
        }
    }

    private LocalDate today() {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    }
}
