package io.keystash.vault;

import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.crypto.KdfParams;
import io.keystash.vault.format.EncodedFile;
import io.keystash.vault.format.Header;
import io.keystash.vault.format.KeyFileSlot;
import io.keystash.vault.format.KeySlot;
import io.keystash.vault.format.MalformedException;
import io.keystash.vault.format.PassphraseSlot;
import io.keystash.vault.format.RecordId;
import io.keystash.vault.format.RecordKind;
import io.keystash.vault.format.VaultCodec;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.KeyVersion;
import io.keystash.vault.model.Names;
import io.keystash.vault.model.Profile;
import io.keystash.vault.profile.ResolvedProfile;
import io.keystash.vault.provider.Provider;
import io.keystash.vault.provider.Providers;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.KeySlots;
import io.keystash.vault.unlock.Passphrase;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An unlocked vault in memory: read keys, values and profiles, and change them. Changes stay in
 * memory until {@link VaultStore#update} writes them atomically; obtain instances from
 * {@link VaultStore}. Closing wipes the data key.
 */
public final class Vault implements AutoCloseable {
    private final Header header;
    private final DataKey dataKey;
    private final SealedRecords records;
    private final Clock clock;
    private List<KeySlot> slots;
    private Catalog catalog;
    /**
     * Key names added while the catalog was not read: a new key needs only its name appended to the
     * catalog record, not the whole list of names decoded and encoded again (10,000 names at
     * 10,000 keys). Merged into {@link #catalog} if something reads it later.
     */
    private final List<String> appendedKeys = new ArrayList<>();
    private boolean catalogChanged;
    private boolean modified;

    Vault(Header header, DataKey dataKey, SealedRecords records, Catalog catalog, Clock clock) {
        this.header = header;
        this.dataKey = dataKey;
        this.records = records;
        this.catalog = catalog;
        this.clock = clock;
        this.slots = header.slots();
    }

    /** An opened vault; its catalog is read only when something needs the list of names. */
    static Vault open(Header header, DataKey dataKey, SealedRecords records, Clock clock) {
        return new Vault(header, dataKey, records, null, clock);
    }

    static Vault createEmpty(List<KeySlot> slots, DataKey dataKey, Clock clock) throws VaultException {
        Header header = new Header(VaultCodec.MINOR, slots);
        SealedRecords records = new SealedRecords(dataKey, null);
        Vault vault = new Vault(header, dataKey, records, Catalog.empty(clock.instant()), clock);
        vault.saveCatalog();
        return vault;
    }

    // ---- reading ------------------------------------------------------------------------------

    /** The catalog, decrypted on first use (the agent's profile lookup never needs it). */
    private Catalog catalog() throws VaultException {
        if (catalog == null) {
            byte[] plaintext = records.open(records.id(RecordKind.CATALOG, ""));
            if (plaintext == null) {
                throw new VaultException(Failure.DAMAGED, "vault is damaged (its catalog record is missing)");
            }
            try {
                catalog = RecordCodec.catalog(plaintext);
                catalog.keys.addAll(appendedKeys);
                appendedKeys.clear();
            } catch (MalformedException e) {
                throw new VaultException(Failure.DAMAGED, "vault is damaged (catalog: " + e.getMessage() + ")");
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
        return catalog;
    }

    /** When the vault was created. */
    public Instant created() throws VaultException {
        return catalog().created;
    }

    /** Every key, by name. */
    public List<KeyEntry> keys() throws VaultException {
        List<KeyEntry> keys = new ArrayList<>(catalog().keys.size());
        for (String name : catalog().keys) {
            keys.add(key(name));
        }
        return keys;
    }

    /** The names of every key, sorted. */
    public List<String> keyNames() throws VaultException {
        return List.copyOf(catalog().keys);
    }

    public Optional<KeyEntry> findKey(String name) throws VaultException {
        byte[] plaintext = records.open(records.id(RecordKind.KEY, name));
        if (plaintext == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(RecordCodec.key(plaintext));
        } catch (MalformedException e) {
            throw new VaultException(Failure.DAMAGED, "vault is damaged (" + e.getMessage() + ")");
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** The key, or a NOT_FOUND failure. */
    public KeyEntry key(String name) throws VaultException {
        Optional<KeyEntry> key = findKey(name);
        if (key.isEmpty()) {
            throw new VaultException(Failure.NOT_FOUND, "no key named " + Names.quote(name));
        }
        return key.get();
    }

    /** The current value of a key. The caller closes it. */
    public Secret value(String name) throws VaultException {
        KeyEntry key = key(name);
        return value(key, key.current().number());
    }

    /** A kept version's value, or a NOT_FOUND failure naming the kept versions. */
    public Secret value(String name, int version) throws VaultException {
        return value(key(name), version);
    }

    private Secret value(KeyEntry key, int version) throws VaultException {
        // Loops rather than streams here and below: this is the agent's start path, where every
        // first lambda costs class spinning.
        StringBuilder kept = new StringBuilder();
        boolean found = false;
        for (KeyVersion v : key.versions()) {
            found |= v.number() == version;
            kept.append(kept.length() == 0 ? "" : ", ").append(v.number());
        }
        if (!found) {
            throw new VaultException(Failure.NOT_FOUND, "key " + Names.quote(key.name()) + " has no version " + version
                    + " (kept: " + kept + ")");
        }
        byte[] plaintext = records.open(records.valueId(key.name(), version));
        if (plaintext == null) {
            throw new VaultException(Failure.DAMAGED, "vault is damaged (a value record is missing)");
        }
        return Secret.ofTrustedUtf8(plaintext);
    }

    /** The names of every profile, sorted. */
    public List<String> profileNames() throws VaultException {
        return List.copyOf(catalog().profiles);
    }

    public Optional<Profile> findProfile(String name) throws VaultException {
        byte[] plaintext = records.open(records.id(RecordKind.PROFILE, name));
        if (plaintext == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(RecordCodec.profile(plaintext));
        } catch (MalformedException e) {
            throw new VaultException(Failure.DAMAGED, "vault is damaged (" + e.getMessage() + ")");
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** The profile, or a NOT_FOUND failure. */
    public Profile profile(String name) throws VaultException {
        Optional<Profile> profile = findProfile(name);
        if (profile.isEmpty()) {
            throw new VaultException(Failure.NOT_FOUND, "no profile named " + Names.quote(name));
        }
        return profile.get();
    }

    /**
     * The variables and properties a program run with the profile sees: each binding's current
     * value, plus the provider settings of the bound keys (a binding wins over a setting of the same
     * name).
     */
    public ResolvedProfile resolveProfile(String name) throws VaultException {
        Profile profile = profile(name);
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> props = new LinkedHashMap<>();
        Map<String, String> settingEnv = new LinkedHashMap<>();
        Map<String, String> settingProps = new LinkedHashMap<>();
        Map<String, KeyEntry> keys = new LinkedHashMap<>();
        for (Binding binding : profile.bindings()) {
            KeyEntry key = keys.get(binding.key());
            if (key == null) {
                key = key(binding.key());
                keys.put(key.name(), key);
                Provider provider = Providers.byIdOrCustom(key.metadata().provider());
                for (Map.Entry<String, String> setting : key.metadata().settings().entrySet()) {
                    settingEnv.putIfAbsent(setting.getKey(), setting.getValue());
                    String property = provider.settingProperties().get(setting.getKey());
                    if (property != null) {
                        settingProps.putIfAbsent(property, setting.getValue());
                    }
                }
            }
            try (Secret value = value(key, key.current().number())) {
                String text = value.reveal();
                if (binding.env() != null && text.indexOf('\0') >= 0) {
                    // Stored by a version that did not refuse it; the JDK would throw with the value in its message.
                    throw new VaultException(Failure.INVALID_INPUT, "key " + Names.quote(key.name()) + " (variable " + binding.env()
                            + " of profile " + Names.quote(profile.name()) + ") holds a NUL character, which no environment "
                            + "variable can carry; store a new value with: keystash store " + key.name() + " --force");
                }
                if (binding.env() != null) {
                    env.put(binding.env(), text);
                }
                if (binding.property() != null) {
                    props.put(binding.property(), text);
                }
            }
        }
        for (Map.Entry<String, String> setting : settingEnv.entrySet()) {
            if (setting.getValue().indexOf('\0') >= 0 && !env.containsKey(setting.getKey())) {
                throw new VaultException(Failure.INVALID_INPUT, "setting " + setting.getKey() + " of a key in profile "
                        + Names.quote(profile.name()) + " holds a NUL character, which no environment variable can carry");
            }
            env.putIfAbsent(setting.getKey(), setting.getValue());
        }
        for (Map.Entry<String, String> setting : settingProps.entrySet()) {
            props.putIfAbsent(setting.getKey(), setting.getValue());
        }
        return new ResolvedProfile(profile.name(), env, props);
    }

    /** One line per key slot, e.g. {@code passphrase (argon2id m=65536KiB t=3 p=4)}, {@code key file}. */
    public List<String> slotDescriptions() {
        List<String> out = new ArrayList<>();
        for (KeySlot slot : slots) {
            out.add(slot instanceof PassphraseSlot p ? "passphrase (" + p.kdf().describe() + ")" : "key file");
        }
        return out;
    }

    /** The HMAC key of this vault's audit chain. Valid until {@link #close()}. */
    public byte[] auditKey() {
        return dataKey.auditKey();
    }

    /** True when something changed since the vault was read. */
    public boolean modified() {
        return modified;
    }

    // ---- changing keys ------------------------------------------------------------------------

    /** Adds a new key; ALREADY_EXISTS when the name is taken. Takes ownership of {@code value}. */
    public KeyEntry storeKey(String name, KeyMetadata metadata, Secret value, String actor) throws VaultException {
        Names.requireKeyName(name);
        if (hasKey(name)) {
            value.close();
            throw new VaultException(Failure.ALREADY_EXISTS, "key " + Names.quote(name) + " already exists (use --force to replace it)");
        }
        Instant now = clock.instant();
        KeyEntry key = new KeyEntry(name, now, metadata, List.of(new KeyVersion(1, now, actor, "store")));
        putValue(name, 1, value);
        saveKey(key);
        addKeyName(name);
        return key;
    }

    /**
     * Whether a key of that name exists. Every key has a key record and a name in the catalog (the
     * two change together, under the file MAC), so the record answers without reading the catalog.
     */
    private boolean hasKey(String name) {
        return catalog != null ? catalog.keys.contains(name) : records.contains(records.id(RecordKind.KEY, name));
    }

    /** Adds a new key's name to the catalog, without reading the catalog when it was not read yet. */
    private void addKeyName(String name) {
        if (catalog != null) {
            catalog.keys.add(name);
        } else {
            appendedKeys.add(name);
        }
        catalogChanged = true;
        modified = true;
    }

    /**
     * Replaces a key's metadata and adds {@code value} as its new current version (history is kept);
     * stores it as new when it does not exist.
     */
    public KeyEntry replaceKey(String name, KeyMetadata metadata, Secret value, String actor) throws VaultException {
        Optional<KeyEntry> existing = findKey(name);
        if (existing.isEmpty()) {
            return storeKey(name, metadata, value, actor);
        }
        KeyEntry withMetadata = new KeyEntry(name, existing.get().created(), metadata, existing.get().versions());
        saveKey(withMetadata);
        addVersion(name, value, actor, "store --force");
        return key(name);
    }

    /**
     * Adds {@code value} as the key's new current version and prunes versions beyond the key's
     * {@code keep}. Takes ownership of {@code value}.
     */
    public KeyVersion addVersion(String name, Secret value, String actor, String origin) throws VaultException {
        KeyEntry key;
        try {
            key = key(name);
        } catch (VaultException e) {
            value.close();
            throw e;
        }
        Instant now = clock.instant();
        KeyVersion version = new KeyVersion(key.current().number() + 1, now, actor, origin);
        putValue(name, version.number(), value);
        List<KeyVersion> versions = new ArrayList<>(key.versions());
        versions.add(version);
        while (versions.size() > key.metadata().keep()) {
            records.remove(records.valueId(name, versions.remove(0).number()));
        }
        saveKey(new KeyEntry(name, key.created(), key.metadata(), versions));
        return version;
    }

    /** Replaces a key's metadata; pruning applies if {@code keep} shrank. */
    public KeyEntry updateMetadata(String name, KeyMetadata metadata) throws VaultException {
        KeyEntry key = key(name);
        List<KeyVersion> versions = new ArrayList<>(key.versions());
        while (versions.size() > metadata.keep()) {
            records.remove(records.valueId(name, versions.remove(0).number()));
        }
        KeyEntry updated = new KeyEntry(name, key.created(), metadata, versions);
        saveKey(updated);
        return updated;
    }

    /** Removes a key, its values, and its bindings; returns the profiles that lost a binding. */
    public List<String> deleteKey(String name) throws VaultException {
        KeyEntry key = key(name);
        for (KeyVersion version : key.versions()) {
            records.remove(records.valueId(name, version.number()));
        }
        records.remove(records.id(RecordKind.KEY, name));
        catalog().keys.remove(name);
        List<String> changed = new ArrayList<>();
        for (String profileName : catalog().profiles) {
            Profile profile = profile(profileName);
            List<Binding> kept = profile.bindings().stream().filter(b -> !b.key().equals(name)).toList();
            if (kept.size() != profile.bindings().size()) {
                saveProfile(new Profile(profileName, kept));
                changed.add(profileName);
            }
        }
        saveCatalog();
        return changed;
    }

    // ---- changing profiles --------------------------------------------------------------------

    public Profile createProfile(String name) throws VaultException {
        Names.requireProfileName(name);
        if (catalog().profiles.contains(name)) {
            throw new VaultException(Failure.ALREADY_EXISTS, "profile " + Names.quote(name) + " already exists");
        }
        Profile profile = new Profile(name, List.of());
        saveProfile(profile);
        catalog().profiles.add(name);
        saveCatalog();
        return profile;
    }

    public void deleteProfile(String name) throws VaultException {
        profile(name);
        records.remove(records.id(RecordKind.PROFILE, name));
        catalog().profiles.remove(name);
        saveCatalog();
    }

    /**
     * Adds a binding. The key must exist; a variable or property already served by another binding
     * of the profile is a CONFLICT.
     */
    public Profile bind(String profileName, Binding binding) throws VaultException {
        Profile profile = profile(profileName);
        key(binding.key());
        if (binding.env() != null) {
            Names.requireEnvVar(binding.env());
        }
        if (binding.property() != null) {
            Names.requireProperty(binding.property());
        }
        for (Binding existing : profile.bindings()) {
            if (binding.env() != null && binding.env().equals(existing.env())) {
                throw new VaultException(Failure.CONFLICT, "profile " + Names.quote(profileName) + " already serves "
                        + binding.env() + " from key " + Names.quote(existing.key()));
            }
            if (binding.property() != null && binding.property().equals(existing.property())) {
                throw new VaultException(Failure.CONFLICT, "profile " + Names.quote(profileName) + " already serves property "
                        + binding.property() + " from key " + Names.quote(existing.key()));
            }
        }
        List<Binding> bindings = new ArrayList<>(profile.bindings());
        bindings.add(binding);
        Profile updated = new Profile(profileName, bindings);
        saveProfile(updated);
        return updated;
    }

    /** Removes every binding of {@code key} from the profile; NOT_FOUND when it has none. */
    public Profile unbind(String profileName, String key) throws VaultException {
        Profile profile = profile(profileName);
        List<Binding> kept = profile.bindings().stream().filter(b -> !b.key().equals(key)).toList();
        if (kept.size() == profile.bindings().size()) {
            throw new VaultException(Failure.NOT_FOUND, "profile " + Names.quote(profileName)
                    + " has no binding for key " + Names.quote(key));
        }
        Profile updated = new Profile(profileName, kept);
        saveProfile(updated);
        return updated;
    }

    // ---- changing key slots -------------------------------------------------------------------

    /**
     * Replaces every passphrase slot with one for {@code passphrase} under {@code kdf}; key-file
     * slots stay. Only the data key is re-wrapped: records are untouched.
     */
    public void replacePassphrase(Passphrase passphrase, KdfParams kdf) throws VaultException {
        List<KeySlot> updated = new ArrayList<>();
        for (KeySlot slot : slots) {
            if (slot instanceof KeyFileSlot) {
                updated.add(slot);
            }
        }
        updated.add(KeySlots.passphraseSlot(dataKey, passphrase, kdf));
        slots = List.copyOf(updated);
        modified = true;
    }

    /** Adds a slot that {@code keyFile} opens. */
    public void addKeyFile(KeyFileKey keyFile) {
        List<KeySlot> updated = new ArrayList<>(slots);
        updated.add(KeySlots.keyFileSlot(dataKey, keyFile));
        slots = List.copyOf(updated);
        modified = true;
    }

    // ---- import and export --------------------------------------------------------------------

    /**
     * A vault file holding only {@code keyNames} (every kept version) and {@code profileNames},
     * under this vault's own key slots and data key. It opens with whatever opened this vault at
     * the time of the call and gives nothing more than that credential already gives, which is why
     * exports carry their secrets this way instead of in a construction of their own.
     */
    public byte[] sealedCopy(Collection<String> keyNames, Collection<String> profileNames) throws VaultException {
        DataKey copyKey = DataKey.of(dataKey.rawForWrapping().clone());
        Vault copy = new Vault(new Header(VaultCodec.MINOR, slots), copyKey, new SealedRecords(copyKey, null),
                new Catalog(created(), new TreeSet<>(), new TreeSet<>()), clock);
        try {
            for (String name : keyNames) {
                KeyEntry key = key(name);
                for (KeyVersion version : key.versions()) {
                    byte[] plaintext = records.open(records.valueId(name, version.number()));
                    if (plaintext == null) {
                        throw new VaultException(Failure.DAMAGED, "vault is damaged (a value record is missing)");
                    }
                    try {
                        copy.records.put(copy.records.valueId(name, version.number()), plaintext);
                    } finally {
                        Arrays.fill(plaintext, (byte) 0);
                    }
                }
                copy.saveKey(key);
                copy.catalog.keys.add(name);
            }
            for (String name : profileNames) {
                copy.saveProfile(profile(name));
                copy.catalog.profiles.add(name);
            }
            copy.saveCatalog();
            return copy.encode();
        } finally {
            copy.close();
        }
    }

    /**
     * Adds a key with the history an export recorded: version numbers, times, authors and
     * origins are kept. ALREADY_EXISTS when the name is taken. Takes ownership of {@code values},
     * which holds one value per version of {@code entry}.
     */
    public KeyEntry restoreKey(KeyEntry entry, Map<Integer, Secret> values) throws VaultException {
        try {
            Names.requireKeyName(entry.name());
            if (hasKey(entry.name())) {
                throw new VaultException(Failure.ALREADY_EXISTS, "key " + Names.quote(entry.name()) + " already exists");
            }
            if (entry.versions().size() > entry.metadata().keep()) {
                throw new VaultException(Failure.INVALID_INPUT, "key " + Names.quote(entry.name()) + " has "
                        + entry.versions().size() + " versions but keeps " + entry.metadata().keep());
            }
            int previous = 0;
            for (KeyVersion version : entry.versions()) {
                if (version.number() <= previous) {
                    throw new VaultException(Failure.INVALID_INPUT, "key " + Names.quote(entry.name())
                            + ": version numbers must grow");
                }
                previous = version.number();
                if (!values.containsKey(version.number())) {
                    throw new VaultException(Failure.INVALID_INPUT, "key " + Names.quote(entry.name())
                            + " has no value for version " + version.number());
                }
            }
            for (KeyVersion version : entry.versions()) {
                putValue(entry.name(), version.number(), values.remove(version.number()));
            }
            saveKey(entry);
            addKeyName(entry.name());
            return entry;
        } finally {
            for (Secret value : values.values()) {
                value.close();
            }
        }
    }

    /**
     * Creates the profile or replaces all its bindings. Every bound key must exist, and no two
     * bindings may serve the same variable or property.
     */
    public Profile replaceProfile(Profile profile) throws VaultException {
        Names.requireProfileName(profile.name());
        Set<String> envs = new HashSet<>();
        Set<String> properties = new HashSet<>();
        for (Binding binding : profile.bindings()) {
            key(binding.key());
            if (binding.env() != null && !envs.add(Names.requireEnvVar(binding.env()))) {
                throw new VaultException(Failure.CONFLICT, "profile " + Names.quote(profile.name())
                        + " would serve " + binding.env() + " twice");
            }
            if (binding.property() != null && !properties.add(Names.requireProperty(binding.property()))) {
                throw new VaultException(Failure.CONFLICT, "profile " + Names.quote(profile.name())
                        + " would serve property " + binding.property() + " twice");
            }
        }
        saveProfile(profile);
        if (catalog().profiles.add(profile.name())) {
            saveCatalog();
        }
        return profile;
    }

    // ---- persistence helpers ------------------------------------------------------------------

    /** The whole file as it would be written now, in one array. */
    byte[] encode() throws VaultException {
        return encodeFile().toByteArray();
    }

    /** The whole file as it would be written now, its unchanged groups left where they were read. */
    EncodedFile encodeFile() throws VaultException {
        sealCatalogIfChanged();
        requireRecordsWithinFormatLimit();
        return VaultCodec.layout(new Header(VaultCodec.MINOR, slots), records, dataKey.fileMacKey());
    }

    /** True when the file was written by a newer minor version, whose additions we would drop. */
    boolean readOnly() {
        return header.minor() > VaultCodec.MINOR;
    }


    /** Records the file would hold if written now (tests check that pruning removes values). */
    int recordCount() throws VaultException {
        sealCatalogIfChanged();
        return records.count();
    }

    private void putValue(String name, int version, Secret value) {
        try (value) {
            byte[] plaintext = value.revealUtf8();
            records.put(records.valueId(name, version), plaintext);
            Arrays.fill(plaintext, (byte) 0);
        }
        modified = true;
    }

    private void saveKey(KeyEntry key) {
        records.put(records.id(RecordKind.KEY, key.name()), RecordCodec.key(key));
        modified = true;
    }

    private void saveProfile(Profile profile) {
        records.put(records.id(RecordKind.PROFILE, profile.name()), RecordCodec.profile(profile));
        modified = true;
    }

    /**
     * Marks the catalog changed; it is sealed once, when the vault is encoded. Sealing it on every
     * change made a bulk update quadratic: storing n keys re-encrypted a list of up to n names n
     * times (100,000 keys took many minutes instead of seconds).
     */
    private void saveCatalog() throws VaultException {
        catalog();
        catalogChanged = true;
        modified = true;
    }

    /**
     * Refuses to write a file that no reader would open: FORMAT.md caps a record at 16 MiB, and the
     * catalog (every key and profile name, one record) reaches that at roughly 800,000 keys of
     * 12-character names, or 120,000 of 128 characters. Records read from the file passed the cap
     * already; only changed ones are checked.
     */
    private void requireRecordsWithinFormatLimit() throws VaultException {
        int largest = records.largestChanged();
        if (largest > VaultCodec.MAX_RECORD_BYTES) {
            throw new VaultException(Failure.CONFLICT, "the vault cannot hold this change: a record would be "
                    + largest + " bytes, over the format's limit of " + VaultCodec.MAX_RECORD_BYTES
                    + " (the list of key and profile names grows with every key); nothing was written");
        }
    }

    private void sealCatalogIfChanged() throws VaultException {
        if (!catalogChanged) {
            return;
        }
        RecordId id = records.id(RecordKind.CATALOG, "");
        if (catalog != null) {
            records.put(id, RecordCodec.catalog(catalog));
        } else {
            // Only names were added: the new catalog is the old one with their fields appended
            // (readers collect names into a set, so their order in the record does not matter).
            byte[] old = records.open(id);
            if (old == null) {
                throw new VaultException(Failure.DAMAGED, "vault is damaged (its catalog record is missing)");
            }
            byte[] updated = RecordCodec.withKeyNames(old, appendedKeys);
            records.put(id, updated);
            Arrays.fill(old, (byte) 0);
            Arrays.fill(updated, (byte) 0);
            appendedKeys.clear();
        }
        catalogChanged = false;
    }

    @Override
    public void close() {
        records.close();
        dataKey.close();
    }

    @Override
    public String toString() {
        return "Vault[" + header.slots().size() + " key slots]";
    }
}
