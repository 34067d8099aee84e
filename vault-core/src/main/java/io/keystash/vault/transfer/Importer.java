package io.keystash.vault.transfer;

import io.keystash.vault.Failure;
import io.keystash.vault.Secret;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.Names;
import io.keystash.vault.model.Profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies an {@link ImportSet} to an unlocked vault, all or nothing: every key and profile is
 * checked against the vault first (a conflict without {@code force}, a key with no value and no
 * counterpart in the vault), and only then is anything changed. Run it inside one
 * {@link io.keystash.vault.VaultStore#update}, which writes nothing when it throws, so even a
 * failure during the changes leaves the file as it was.
 *
 * <p>Rules: a key the vault lacks is created with the file's whole history. A key the vault has
 * already holding the file's current value (and metadata) is left alone; otherwise it
 * is a conflict unless {@code force}, which gives it the file's metadata (for an export) and the
 * file's current value as a new version (origin {@code import}); its history stays. A key without
 * a value in the file (an export made without secrets) must exist in the vault: the import then
 * sets its metadata (a conflict without {@code force} if it differs). An export's profile
 * replaces the vault's profile of that name (a conflict without {@code force} if it differs); a
 * {@code .env} file's bindings are added to the profile, a variable already served from another
 * key being a conflict without {@code force}.
 *
 * <p>An import does not approve what it brings: a key's rotate and validate commands, endpoint
 * and settings that need approval are not run or served on this machine until approved there
 * ({@link io.keystash.vault.trust.Approvals}), unless the import is told to trust them
 * ({@code import --trust-commands}). The summary names the keys left unapproved.
 */
public final class Importer {
    private Importer() {
    }

    /** As {@link #apply(Vault, ImportSet, boolean, String, boolean)}, approving nothing. */
    public static ImportSummary apply(Vault vault, ImportSet set, boolean force, String actor) throws VaultException {
        return apply(vault, set, force, actor, false);
    }

    /**
     * Applies {@code set}; with {@code trustCommands} the configuration of every key it adds or
     * replaces is approved on this machine as written.
     */
    public static ImportSummary apply(Vault vault, ImportSet set, boolean force, String actor, boolean trustCommands)
            throws VaultException {
        List<ExportedKey> added = new ArrayList<>();
        List<ExportedKey> replaced = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        List<ExportedKey> unchanged = new ArrayList<>();
        int keysUnchanged = 0;
        for (ExportedKey key : set.keys()) {
            String name = key.entry().name();
            Optional<KeyEntry> existing = vault.findKey(name);
            if (existing.isEmpty()) {
                if (!key.hasValues()) {
                    throw new VaultException(Failure.NOT_FOUND, "the file has no value for key " + Names.quote(name)
                            + " (it was exported without --include-secrets) and this vault has no such key; nothing was imported");
                }
                added.add(key);
            } else if (key.hasValues()) {
                if (sameAsVault(vault, existing.get(), key, set.keyMetadata())) {
                    keysUnchanged++;
                    unchanged.add(key);
                    continue;
                }
                conflicts.add("key " + Names.quote(name) + " already exists");
                replaced.add(key);
            } else if (existing.get().metadata().equals(key.entry().metadata())) {
                keysUnchanged++;
                unchanged.add(key);
            } else {
                conflicts.add("key " + Names.quote(name) + " exists with other metadata");
                replaced.add(key);
            }
        }
        List<Profile> targets = new ArrayList<>();
        int profilesCreated = 0;
        int profilesUnchanged = 0;
        for (Profile profile : set.profiles()) {
            Optional<Profile> existing = vault.findProfile(profile.name());
            Profile target = set.mergeBindings() && existing.isPresent()
                    ? merge(existing.get(), profile, conflicts) : profile;
            if (existing.isEmpty()) {
                profilesCreated++;
                targets.add(target);
            } else if (existing.get().bindings().equals(target.bindings())) {
                profilesUnchanged++;
            } else {
                if (!set.mergeBindings()) {
                    conflicts.add("profile " + Names.quote(profile.name()) + " exists with other bindings");
                }
                targets.add(target);
            }
        }
        if (!conflicts.isEmpty() && !force) {
            throw new VaultException(Failure.CONFLICT, conflicts.get(0)
                    + (conflicts.size() == 2 ? " (and 1 more conflict)"
                            : conflicts.size() > 2 ? " (and " + (conflicts.size() - 1) + " more conflicts)" : "")
                    + "; nothing was imported (--force replaces)");
        }
        for (ExportedKey key : added) {
            vault.restoreKey(key.entry(), key.copyOfValues());
        }
        for (ExportedKey key : replaced) {
            String name = key.entry().name();
            if (set.keyMetadata()) {
                vault.updateMetadata(name, key.entry().metadata());
            }
            if (key.hasValues()) {
                vault.addVersion(name, key.currentValue().copy(), actor, "import");
            }
        }
        for (Profile target : targets) {
            vault.replaceProfile(target);
        }
        List<String> unapproved = new ArrayList<>();
        if (set.keyMetadata()) { // a .env file brings values only: no command, endpoint or setting
            // A key the file describes exactly as the vault has it is approved too when trusted: the
            // usual second run, after a first import listed it as unapproved.
            for (List<ExportedKey> keys : List.of(added, replaced, unchanged)) {
                for (ExportedKey key : keys) {
                    String name = key.entry().name();
                    if (trustCommands) {
                        vault.approveHere(name);
                    } else if (keys != unchanged && !vault.approvals().approves(name, vault.key(name).metadata())) {
                        unapproved.add(name);
                    }
                }
            }
            unapproved.sort(null);
        }
        return new ImportSummary(added.size(), replaced.size(), keysUnchanged,
                profilesCreated, targets.size() - profilesCreated, profilesUnchanged, unapproved);
    }

    /** True when the vault's key already has the file's current value (and metadata, for an export). */
    private static boolean sameAsVault(Vault vault, KeyEntry existing, ExportedKey key, boolean compareMetadata)
            throws VaultException {
        if (compareMetadata && !existing.metadata().equals(key.entry().metadata())) {
            return false;
        }
        try (Secret current = vault.value(existing.name())) {
            return current.sameValueAs(key.currentValue());
        }
    }

    /**
     * The vault's profile with the file's bindings added (a {@code .env} binding always has a
     * variable); a variable taken by another key is a conflict, and replaced when forced.
     */
    private static Profile merge(Profile existing, Profile incoming, List<String> conflicts) {
        List<Binding> bindings = new ArrayList<>(existing.bindings());
        for (Binding binding : incoming.bindings()) {
            boolean served = bindings.stream().anyMatch(b -> b.key().equals(binding.key()) && binding.env().equals(b.env()));
            if (served) {
                continue;
            }
            for (int i = 0; i < bindings.size(); i++) {
                Binding old = bindings.get(i);
                if (binding.env().equals(old.env())) {
                    conflicts.add("profile " + Names.quote(existing.name()) + " already serves " + binding.env()
                            + " from key " + Names.quote(old.key()));
                    if (old.property() != null) {
                        bindings.set(i, new Binding(old.key(), null, old.property()));
                    } else {
                        bindings.remove(i--);
                    }
                }
            }
            bindings.add(binding);
        }
        return existing.withBindings(bindings);
    }
}
