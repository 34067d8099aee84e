package io.keystash.vault;

import io.keystash.vault.audit.Actor;
import io.keystash.vault.crypto.CryptoRandom;
import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.crypto.KdfParams;
import io.keystash.vault.format.EncodedFile;
import io.keystash.vault.format.FieldReader;
import io.keystash.vault.format.FieldWriter;
import io.keystash.vault.format.Header;
import io.keystash.vault.format.KeySlot;
import io.keystash.vault.format.MalformedException;
import io.keystash.vault.format.PassphraseSlot;
import io.keystash.vault.format.RecipientSlot;
import io.keystash.vault.format.RecordId;
import io.keystash.vault.format.RecordKind;
import io.keystash.vault.format.SlotKind;
import io.keystash.vault.format.VaultCodec;
import io.keystash.vault.format.VaultId;
import io.keystash.vault.identity.Recipient;
import io.keystash.vault.members.AuditKeys;
import io.keystash.vault.members.Exposure;
import io.keystash.vault.members.Member;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.KeyVersion;
import io.keystash.vault.model.Names;
import io.keystash.vault.model.Profile;
import io.keystash.vault.profile.ResolvedProfile;
import io.keystash.vault.provider.Provider;
import io.keystash.vault.provider.Providers;
import io.keystash.vault.trust.Approvals;
import io.keystash.vault.trust.SensitiveConfig;
import io.keystash.vault.sharing.LastWrite;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.KeySlots;
import io.keystash.vault.unlock.Passphrase;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An unlocked vault in memory: read keys, values and profiles, and change them. Changes stay in
 * memory until {@link VaultStore#update} writes them atomically; obtain instances from
 * {@link VaultStore}. Closing wipes the data key.
 */
public final class Vault implements AutoCloseable {
    private final Header header;
    private DataKey dataKey;
    private SealedRecords records;
    private final Clock clock;
    /** Made on first use: a program's start under the agent reads a profile and never needs it. */
    private Membership membership;
    private final KeySlot openedSlot;
    private final byte[] openedPublicKey;
    private VaultId vaultId;
    private long generation;
    private String acceptedOlder;
    private long highestSeenAtOpen;
    private Catalog catalog;
    /**
     * Key names added while the catalog was not read: a new key needs only its name appended to the
     * catalog record, not the whole list of names decoded and encoded again (10,000 names at
     * 10,000 keys). Merged into {@link #catalog} if something reads it later.
     */
    private final List<String> appendedKeys = new ArrayList<>();
    private boolean catalogChanged;
    private boolean modified;
    /**
     * Whether changes are accepted: only for a vault {@link VaultStore#update} is about to write (or
     * a new one). Every other handle ({@link VaultStore#open}, {@link VaultStore#read}, the agent's)
     * refuses a change instead of keeping it in memory and dropping it at close.
     */
    private boolean changeable;
    /** This machine's approvals, set by whoever opened the vault; none when not set. */
    private Approvals approvals;
    /**
     * Approvals the next write records: key name → true to approve the key's configuration as
     * written (the local user set it), false to forget the key's approval (the key was deleted).
     */
    private final Map<String, Boolean> approvalChanges = new TreeMap<>();

    private Vault(Header header, DataKey dataKey, SealedRecords records, Catalog catalog, Clock clock,
                  KeySlot openedSlot, byte[] openedPublicKey) {
        this.header = header;
        this.dataKey = dataKey;
        this.records = records;
        this.catalog = catalog;
        this.clock = clock;
        this.openedSlot = openedSlot;
        this.openedPublicKey = openedPublicKey;
        this.vaultId = header.vaultId();
        this.generation = header.generation();
    }

    /** An opened vault; its catalog and members are read only when something needs them. */
    static Vault open(Header header, KeySlots.Unlocked unlocked, SealedRecords records, Clock clock) {
        return new Vault(header, unlocked.dataKey(), records, null, clock, unlocked.slot(), unlocked.publicKey());
    }

    /** A new, empty vault whose first members are {@code slots}, named {@code names}. */
    static Vault createEmpty(List<KeySlots.NewSlot> slots, List<String> names, DataKey dataKey, Clock clock, String by)
            throws VaultException {
        List<KeySlot> headerSlots = new ArrayList<>();
        for (KeySlots.NewSlot slot : slots) {
            headerSlots.add(slot.slot());
        }
        Header header = new Header(VaultCodec.MINOR, VaultId.of(CryptoRandom.bytes(VaultId.BYTES)), 0, headerSlots);
        SealedRecords records = new SealedRecords(dataKey, null);
        Instant now = clock.instant();
        Vault vault = new Vault(header, dataKey, records, Catalog.empty(now), clock, null, null);
        vault.changeable = true;
        vault.membership = Membership.forNewVault(vault, slots, names, now, by);
        vault.saveCatalog();
        return vault;
    }

    /** Lets this handle take changes: the caller writes them (see {@link VaultStore#update}). */
    void acceptChanges() {
        changeable = true;
    }

    /** Whether this handle takes changes (see {@link #acceptChanges}). */
    public boolean changeable() {
        return changeable;
    }

    /**
     * Refuses a change on a handle nothing will write. A programming error, hence unchecked: the
     * change would otherwise vanish silently when the handle closes.
     */
    private void requireChangeable() {
        if (!changeable) {
            throw new IllegalStateException("this vault was opened for reading and will not be written;"
                    + " change it inside VaultStore.update");
        }
    }

    SealedRecords records() {
        return records;
    }

    DataKey dataKey() {
        return dataKey;
    }

    /** The access rules of this vault, made on first use. */
    Membership membership() {
        if (membership == null) {
            membership = new Membership(this, header.slots(), openedSlot, openedPublicKey);
        }
        return membership;
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
            throw new VaultException(Failure.NOT_FOUND, "no key named " + Names.quote(name) + "; see the keys with: keystash list");
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
                    + " (kept: " + kept + "); see its history with: keystash history " + key.name());
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
            throw new VaultException(Failure.NOT_FOUND, "no profile named " + Names.quote(name)
                    + "; see the profiles with: keystash profile list, or make it with: keystash profile create " + name);
        }
        return profile.get();
    }

    /**
     * The variables and properties a program run with the profile sees: each binding's current
     * value, plus the provider settings of the bound keys (a binding wins over a setting of the same
     * name). A setting that needs approval ({@link SensitiveConfig#needsApproval}) is left out
     * while its key's configuration is not approved on this machine, and named in
     * {@link ResolvedProfile#withheld()}; the key's value is served all the same.
     */
    public ResolvedProfile resolveProfile(String name) throws VaultException {
        Profile profile = profile(name);
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> props = new LinkedHashMap<>();
        Map<String, String> settingEnv = new LinkedHashMap<>();
        Map<String, String> settingProps = new LinkedHashMap<>();
        Map<String, KeyEntry> keys = new LinkedHashMap<>();
        Map<String, List<String>> withheld = null;
        Map<String, String> keyOfName = new LinkedHashMap<>();
        Map<String, LocalDate> expired = null;
        LocalDate today = null;
        for (Binding binding : profile.bindings()) {
            KeyEntry key = keys.get(binding.key());
            if (key == null) {
                key = key(binding.key());
                keys.put(key.name(), key);
                LocalDate expires = key.metadata().expires();
                if (expires != null) {
                    if (today == null) {
                        today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC); // due dates are UTC days
                    }
                    if (expires.isBefore(today)) {
                        if (expired == null) {
                            expired = new LinkedHashMap<>();
                        }
                        expired.put(key.name(), expires);
                    }
                }
                Provider provider = Providers.byIdOrCustom(key.metadata().provider());
                Boolean approved = null; // decided at the first setting that needs it: one digest per such key
                for (Map.Entry<String, String> setting : key.metadata().settings().entrySet()) {
                    if (SensitiveConfig.needsApproval(provider, setting.getKey())) {
                        if (approved == null) {
                            approved = approvals().approves(key.name(), key.metadata());
                        }
                        if (!approved) {
                            if (withheld == null) {
                                withheld = new LinkedHashMap<>();
                            }
                            List<String> names = withheld.get(key.name());
                            if (names == null) {
                                names = new ArrayList<>();
                                withheld.put(key.name(), names);
                            }
                            names.add(setting.getKey());
                            continue;
                        }
                    }
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
                    keyOfName.put(binding.env(), key.name());
                }
                if (binding.property() != null) {
                    props.put(binding.property(), text);
                    keyOfName.put(binding.property(), key.name());
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
        return new ResolvedProfile(profile.name(), env, props, withheld == null ? Map.of() : withheld, keyOfName,
                expired == null ? Map.of() : expired);
    }

    /** One line per key slot, e.g. {@code passphrase (argon2id m=65536KiB t=3 p=4)}, {@code key file}. */
    public List<String> slotDescriptions() {
        List<String> out = new ArrayList<>();
        for (KeySlot slot : membership().slots()) {
            KdfParams kdf = slot instanceof PassphraseSlot p ? p.kdf() : slot instanceof RecipientSlot r ? r.kdf() : null;
            out.add(kdf != null ? "passphrase (" + kdf.describe() + ")" : slot.kind().label());
        }
        return out;
    }

    /** A copy of the HMAC key of this vault's audit chain, which the caller wipes. */
    public byte[] auditKey() {
        return dataKey.auditKey();
    }

    /** Every audit key this vault has had, for verifying a log that spans rekeys. */
    public AuditKeys auditKeys() throws VaultException {
        return membership().auditKeys();
    }

    /** The header as read from the file (or made at creation). */
    Header header() {
        return header;
    }

    // ---- approvals ----------------------------------------------------------------------------

    /**
     * This machine's approvals of the keys' commands and endpoints (see {@link Approvals}): those
     * recorded in its state when the vault was opened from its file, every key for a vault from
     * before approvals, none for a vault opened from other bytes (a backup, an export).
     */
    public Approvals approvals() {
        return approvals != null ? approvals : Approvals.nothing();
    }

    /** Sets the approvals the vault was opened with (by {@link VaultReader} and {@link VaultStore}). */
    void useApprovals(Approvals opened) {
        approvals = opened;
    }

    /**
     * Approves key {@code name}'s configuration on this machine as the next write leaves it: the
     * local user set it. {@link #storeKey} and {@link #replaceKey} do this themselves; a command
     * that changes a key's commands or settings in another way calls it when the change is the
     * user's own (see {@link Approvals#approvesEdit}).
     */
    public void approveHere(String name) {
        requireChangeable();
        approvalChanges.put(name, Boolean.TRUE);
    }

    /** What the next write changes in this machine's approvals (see {@link #approvalChanges}). */
    Map<String, Boolean> approvalChanges() {
        return approvalChanges;
    }

    /** The vault's id, or null for a format 1 or 2 vault not yet written by this version. */
    public VaultId vaultId() {
        return vaultId;
    }

    /** Why this vault was older than this machine had seen when it was opened anyway, or null. */
    public String acceptedOlder() {
        return acceptedOlder;
    }

    void acceptedOlder(String why) {
        acceptedOlder = why;
    }

    /** The highest generation this machine had seen of this vault when it was opened. */
    long highestSeenAtOpen() {
        return highestSeenAtOpen;
    }

    void highestSeenAtOpen(long generation) {
        highestSeenAtOpen = generation;
    }

    /** The generation read from the file, or the one just written. */
    public long generation() {
        return generation;
    }

    // ---- members ------------------------------------------------------------------------------

    /** Every way into the vault, in header order. */
    public List<Member> members() throws VaultException {
        return List.copyOf(membership().members());
    }

    /** The member that unlocked this vault (null for a vault created in this process). */
    public Member openedBy() throws VaultException {
        return membership().openedBy();
    }

    /** Adds a member that {@code credential} (a key file or an identity) opens. */
    public Member addMember(String name, Credential credential) throws VaultException {
        requireChangeable();
        Member added = membership().add(name, credential, null, clock.instant(), actor());
        modified = true;
        return added;
    }

    /** Adds an identity by its recipient. */
    public Member addMember(String name, Recipient recipient) throws VaultException {
        requireChangeable();
        Member added = membership().addRecipient(name, recipient, clock.instant(), actor());
        modified = true;
        return added;
    }

    /**
     * Removes a member ({@code kind} null: any kind) and rekeys the vault when it is written: a new
     * data key, every record sealed again, every remaining member's slot re-wrapped. Returns the
     * keys the member could read, by name, with the version each had (also kept as an exposure
     * until each is rotated).
     */
    public Map<String, Integer> removeMember(String name, SlotKind kind) throws VaultException {
        requireChangeable();
        Map<String, Integer> versions = currentVersions();
        membership().remove(name, kind, versions, clock.instant(), actor());
        modified = true;
        return versions;
    }

    /** Removed members and the keys of theirs not rotated since, pruned of fully rotated ones. */
    public List<Exposure> exposures() throws VaultException {
        return List.copyOf(membership().exposures());
    }

    /**
     * Who is acting, for the member list's "added by": the member that unlocked the vault and this
     * process's {@code user@host}.
     */
    public String actor() throws VaultException {
        Member member = membership().openedBy();
        String who = Actor.current().userAtHost();
        return member == null ? who : member.name() + " (" + who + ")";
    }

    /**
     * Keeps the names given to ways in that had none (vaults from before members had names), and
     * upgrades the slot that opened the vault if it is a format 2 one: true when that needs a
     * write, which this marks.
     */
    public boolean settleMembers() throws VaultException {
        requireChangeable();
        membership().members();
        boolean pending = membership().changed() || openedSlot != null && openedSlot.legacy();
        modified |= pending;
        return pending;
    }

    /** Makes the next write rekey the vault although no member changed. */
    public void requestRekey() {
        requireChangeable();
        membership().requestRekey();
        modified = true;
    }

    /** Each key's current version number. */
    public Map<String, Integer> currentVersions() throws VaultException {
        Map<String, Integer> versions = new TreeMap<>();
        for (KeyEntry key : keys()) {
            versions.put(key.name(), key.current().number());
        }
        return versions;
    }

    /** True when something changed since the vault was read. */
    public boolean modified() {
        return modified;
    }

    /**
     * Marks the vault changed although no record is: the next write gives it a new generation
     * (replacing a shared store's copy, which must be newer than what other machines saw).
     */
    public void touch() {
        requireChangeable();
        modified = true;
    }

    // ---- sharing ------------------------------------------------------------------------------

    /** Records who is making this write, for other machines of a shared store. */
    void stampWriter() throws VaultException {
        Member member = membership().openedBy();
        FieldWriter fields = new FieldWriter();
        if (member != null) {
            fields.string(1, member.name());
        }
        fields.string(2, Actor.current().userAtHost()).number(3, clock.millis());
        records.put(records.id(RecordKind.WRITER, ""), fields.toByteArray());
        modified = true;
    }

    /** Who made the last write to a shared store, when one did. */
    public Optional<LastWrite> lastWrite() throws VaultException {
        byte[] plaintext = records.open(records.id(RecordKind.WRITER, ""));
        if (plaintext == null) {
            return Optional.empty();
        }
        try {
            FieldReader in = new FieldReader(plaintext);
            String member = null;
            String userAtHost = null;
            Instant at = null;
            while (in.next()) {
                switch (in.tag()) {
                    case 1 -> member = in.string();
                    case 2 -> userAtHost = in.string();
                    case 3 -> at = Instant.ofEpochMilli(in.number());
                    default -> { }
                }
            }
            return Optional.of(new LastWrite(member, userAtHost, at));
        } catch (MalformedException e) {
            throw new VaultException(Failure.DAMAGED, "vault is damaged (last writer: " + e.getMessage() + ")");
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** What the pending change touched, as it was before (see {@link ChangeFootprint}). */
    ChangeFootprint footprint() throws VaultException {
        return ChangeFootprint.of(records);
    }

    // ---- changing keys ------------------------------------------------------------------------

    /**
     * Adds a new key; ALREADY_EXISTS when the name is taken. Takes ownership of {@code value}. The
     * caller gives the whole configuration, so it is approved on this machine when written.
     */
    public KeyEntry storeKey(String name, KeyMetadata metadata, Secret value, String actor) throws VaultException {
        if (!changeable) {
            value.close();
            requireChangeable();
        }
        try {
            requireNewKeyName(name);
        } catch (VaultException e) {
            value.close();
            throw e;
        }
        Instant now = clock.instant();
        KeyEntry key = new KeyEntry(name, now, metadata, List.of(new KeyVersion(1, now, actor, "store")));
        putValue(name, 1, value);
        saveKey(key);
        addKeyName(name);
        approveHere(name);
        return key;
    }

    /**
     * Refuses a name that is not a valid key name or is taken (ALREADY_EXISTS): what
     * {@link #storeKey} checks first, for a command that checks before it asks for the value.
     */
    public void requireNewKeyName(String name) throws VaultException {
        Names.requireKeyName(name);
        if (hasKey(name)) {
            throw new VaultException(Failure.ALREADY_EXISTS, "key " + Names.quote(name) + " already exists; replace it with --force");
        }
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
     * stores it as new when it does not exist. Approved on this machine like {@link #storeKey}.
     */
    public KeyEntry replaceKey(String name, KeyMetadata metadata, Secret value, String actor) throws VaultException {
        if (!changeable) {
            value.close();
            requireChangeable();
        }
        Optional<KeyEntry> existing = findKey(name);
        if (existing.isEmpty()) {
            return storeKey(name, metadata, value, actor);
        }
        KeyEntry withMetadata = new KeyEntry(name, existing.get().created(), metadata, existing.get().versions());
        saveKey(withMetadata);
        addVersion(name, value, actor, "store --force");
        approveHere(name);
        return key(name);
    }

    /**
     * Adds {@code value} as the key's new current version and prunes versions beyond the key's
     * {@code keep}. Takes ownership of {@code value}.
     */
    public KeyVersion addVersion(String name, Secret value, String actor, String origin) throws VaultException {
        if (!changeable) {
            value.close();
            requireChangeable();
        }
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
        requireChangeable();
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
        requireChangeable();
        KeyEntry key = key(name);
        for (KeyVersion version : key.versions()) {
            records.remove(records.valueId(name, version.number()));
        }
        records.remove(records.id(RecordKind.KEY, name));
        catalog().keys.remove(name);
        approvalChanges.put(name, Boolean.FALSE);
        List<String> changed = new ArrayList<>();
        for (String profileName : catalog().profiles) {
            Profile profile = profile(profileName);
            List<Binding> kept = profile.bindings().stream().filter(b -> !b.key().equals(name)).toList();
            if (kept.size() != profile.bindings().size()) {
                saveProfile(profile.withBindings(kept));
                changed.add(profileName);
            }
        }
        saveCatalog();
        return changed;
    }

    // ---- changing profiles --------------------------------------------------------------------

    public Profile createProfile(String name) throws VaultException {
        return createProfile(name, null);
    }

    /** A new profile without bindings; {@code description} (free text) may be null. */
    public Profile createProfile(String name, String description) throws VaultException {
        requireChangeable();
        Names.requireProfileName(name);
        if (catalog().profiles.contains(name)) {
            throw new VaultException(Failure.ALREADY_EXISTS, "profile " + Names.quote(name) + " already exists; "
                    + "see it with: keystash profile show " + name);
        }
        Profile profile = new Profile(name, description, List.of());
        saveProfile(profile);
        catalog().profiles.add(name);
        saveCatalog();
        return profile;
    }

    public void deleteProfile(String name) throws VaultException {
        requireChangeable();
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
        requireChangeable();
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
        Profile updated = profile.withBindings(bindings);
        saveProfile(updated);
        return updated;
    }

    /** Removes every binding of {@code key} from the profile; NOT_FOUND when it has none. */
    public Profile unbind(String profileName, String key) throws VaultException {
        requireChangeable();
        Profile profile = profile(profileName);
        List<Binding> kept = profile.bindings().stream().filter(b -> !b.key().equals(key)).toList();
        if (kept.size() == profile.bindings().size()) {
            throw new VaultException(Failure.NOT_FOUND, "profile " + Names.quote(profileName)
                    + " has no binding for key " + Names.quote(key) + "; see what it binds with: keystash profile show " + profileName);
        }
        Profile updated = profile.withBindings(kept);
        saveProfile(updated);
        return updated;
    }

    // ---- changing key slots -------------------------------------------------------------------

    /**
     * Replaces the passphrase (a vault has at most one) with {@code passphrase} under {@code kdf};
     * other members stay. With {@code rekey} the write makes a new data key, so the old passphrase
     * opens nothing written afterwards, even with an older copy of the vault at hand; without it
     * only the data key is re-wrapped.
     */
    public void replacePassphrase(Passphrase passphrase, KdfParams kdf, boolean rekey) throws VaultException {
        requireChangeable();
        membership().replacePassphrase(passphrase, kdf, rekey, clock.instant(), actor());
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
        DataKey copyKey = DataKey.of(dataKey.rawForWrapping());
        List<KeySlot> slots = membership().slots();
        Header copyHeader = new Header(VaultCodec.MINOR, vaultId != null ? vaultId : VaultId.of(CryptoRandom.bytes(VaultId.BYTES)),
                generation, slots);
        Vault copy = new Vault(copyHeader, copyKey, new SealedRecords(copyKey, null),
                new Catalog(created(), new TreeSet<>(), new TreeSet<>()), clock, null, null);
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
            return copy.encodeAt(generation);
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
            requireChangeable();
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
        requireChangeable();
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

    /** The whole file as the next write would lay it out, in one array (tests, tools). */
    byte[] encode() throws VaultException {
        return encodeFile(0).toByteArray();
    }

    /** A copy's bytes at a given generation, without preparing a write (exports). */
    private byte[] encodeAt(long fileGeneration) throws VaultException {
        sealCatalogIfChanged();
        membership().sealRecords();
        byte[] macKey = dataKey.fileMacKey();
        try {
            return VaultCodec.layout(new Header(VaultCodec.MINOR, vaultId, fileGeneration, membership().slots()), records,
                    macKey).toByteArray();
        } finally {
            Arrays.fill(macKey, (byte) 0);
        }
    }

    /**
     * The whole file as it is written now, its unchanged groups left where they were read. The
     * generation becomes one more than the larger of the file's and {@code atLeast} (the highest
     * this machine has seen), so a vault restored from an older copy still moves forward. A vault
     * from format 2 gets its id here. A pending rekey happens here: a new data key, every record
     * sealed again under it, every slot re-wrapped.
     */
    EncodedFile encodeFile(long atLeast) throws VaultException {
        membership().prepareWrite();
        sealCatalogIfChanged();
        if (!membership().exposures().isEmpty()) {
            membership().pruneExposures(currentVersions());
        }
        long next = Math.max(generation, atLeast) + 1;
        if (vaultId == null) {
            vaultId = VaultId.of(CryptoRandom.bytes(VaultId.BYTES));
        }
        if (membership().rekeyRequested()) {
            Rekey.of(this, next);
        }
        membership().sealRecords();
        requireRecordsWithinFormatLimit();
        byte[] macKey = dataKey.fileMacKey();
        EncodedFile file;
        try {
            file = VaultCodec.layout(new Header(VaultCodec.MINOR, vaultId, next, membership().slots()), records, macKey);
        } finally {
            Arrays.fill(macKey, (byte) 0);
        }
        generation = next;
        return file;
    }

    /** Replaces the data key and the record store after a rekey (see {@link Rekey}). */
    void replaceKey(DataKey newKey, SealedRecords newRecords) {
        records.close();
        dataKey.close();
        dataKey = newKey;
        records = newRecords;
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
        return "Vault[" + (membership == null ? header.slots() : membership.slots()).size() + " key slots]";
    }
}
