package io.keystash.vault;

import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.crypto.KdfParams;
import io.keystash.vault.format.KeySlot;
import io.keystash.vault.format.MalformedException;
import io.keystash.vault.format.PassphraseSlot;
import io.keystash.vault.format.RecipientSlot;
import io.keystash.vault.format.RecordKind;
import io.keystash.vault.format.SlotKind;
import io.keystash.vault.identity.Recipient;
import io.keystash.vault.members.AuditKeys;
import io.keystash.vault.members.Exposure;
import io.keystash.vault.members.Member;
import io.keystash.vault.members.MemberRecords;
import io.keystash.vault.model.Names;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.KeySlots;
import io.keystash.vault.unlock.Passphrase;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ways into one open vault — key slots and the members that name them — and the records that
 * go with them (members, exposures, audit keys). Part of {@link Vault}, kept apart so that the
 * access rules read in one place: names are unique, the last way in cannot be removed, a removal
 * or a new passphrase asks for a rekey, and a format 2 slot is converted once it is opened.
 */
final class Membership {
    /** As the header allows; a fleet has one slot per machine. */
    static final int MAX_SLOTS = 500;
    private static final SecureRandom IDS = new SecureRandom();

    private final Vault records;
    private List<KeySlot> slots;
    private final KeySlot openedSlot;
    private final byte[] openedPublicKey;
    private List<Member> members;
    private List<Exposure> exposures;
    private AuditKeys auditKeys;
    private boolean membersChanged;
    private boolean exposuresChanged;
    private boolean rekeyRequested;

    /**
     * The members of {@code vault}, whose records and data key it reads through the vault (both
     * change at a rekey).
     */
    Membership(Vault records, List<KeySlot> slots, KeySlot openedSlot, byte[] openedPublicKey) {
        this.records = records;
        this.slots = List.copyOf(slots);
        this.openedSlot = openedSlot;
        this.openedPublicKey = openedPublicKey == null ? null : openedPublicKey.clone();
    }

    /** A new vault: its first members are being created along with it. */
    static Membership forNewVault(Vault records, List<KeySlots.NewSlot> slots, List<String> names,
                                  Instant now, String by) {
        List<KeySlot> slotList = new ArrayList<>();
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            RecipientSlot slot = slots.get(i).slot();
            slotList.add(slot);
            members.add(new Member(slot.id(), names.get(i), slot.kind(), slots.get(i).publicKey(), now, by));
        }
        Membership membership = new Membership(records, slotList, null, null);
        membership.members = members;
        membership.exposures = new ArrayList<>();
        membership.auditKeys = AuditKeys.initial();
        membership.membersChanged = true;
        return membership;
    }

    List<KeySlot> slots() {
        return slots;
    }

    /** Every way in, in header order. */
    List<Member> members() throws VaultException {
        if (members == null) {
            List<Member> stored = List.of();
            byte[] plaintext = records.records().open(records.records().id(RecordKind.MEMBERS, ""));
            if (plaintext != null) {
                try {
                    stored = MemberRecords.members(plaintext);
                } catch (MalformedException e) {
                    throw new VaultException(Failure.DAMAGED, "vault is damaged (members: " + e.getMessage() + ")");
                } finally {
                    Arrays.fill(plaintext, (byte) 0);
                }
            } else {
                membersChanged = true; // upgraded from format 2: the names given below are kept from now on
            }
            members = join(stored);
        }
        return members;
    }

    /** The member whose slot opened the vault, or null for a vault created in this process. */
    Member openedBy() throws VaultException {
        if (openedSlot == null) {
            return null;
        }
        for (Member member : members()) {
            if (member.slotId() == openedSlot.id()) {
                return member;
            }
        }
        return null;
    }

    /** Adds a slot that {@code credential} (a key file, an identity's secret or a passphrase) opens. */
    Member add(String name, Credential credential, KdfParams kdf, Instant now, String by) throws VaultException {
        checkNewMember(name);
        long id = newSlotId();
        KeySlots.NewSlot made = KeySlots.slotFor(records.dataKey(), credential, kdf, id);
        return addSlot(made.slot(), new Member(id, name, made.slot().kind(), made.publicKey(), now, by));
    }

    /** Adds an identity known by its recipient: the member's secret never comes near this vault. */
    Member addRecipient(String name, Recipient recipient, Instant now, String by) throws VaultException {
        checkNewMember(name);
        for (Member member : members()) {
            if (member.publicKey() != null && Arrays.equals(member.publicKey(), recipient.publicKey())) {
                throw new VaultException(Failure.ALREADY_EXISTS, "that recipient is already a member, as "
                        + Names.quote(member.name()));
            }
        }
        long id = newSlotId();
        RecipientSlot slot = KeySlots.sealTo(records.dataKey(), SlotKind.IDENTITY, recipient.publicKey(), id, null, null);
        return addSlot(slot, new Member(id, name, SlotKind.IDENTITY, recipient.publicKey(), now, by));
    }

    /**
     * Replaces the passphrase member (there is at most one) with a new passphrase; a rekey follows
     * unless {@code rekey} is false.
     */
    void replacePassphrase(Passphrase passphrase, KdfParams kdf, boolean rekey, Instant now, String by) throws VaultException {
        members();
        String name = "passphrase";
        List<KeySlot> kept = new ArrayList<>();
        List<Member> keptMembers = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i).kind() == SlotKind.PASSPHRASE) {
                name = members.get(i).name();
            } else {
                kept.add(slots.get(i));
                keptMembers.add(members.get(i));
            }
        }
        slots = kept;
        members = keptMembers;
        long id = newSlotId();
        KeySlots.NewSlot made = KeySlots.slotFor(records.dataKey(), passphrase, kdf, id);
        addSlot(made.slot(), new Member(id, name, SlotKind.PASSPHRASE, made.publicKey(), now, by));
        rekeyRequested |= rekey;
    }

    /**
     * Removes a member and asks for a rekey. {@code kind} narrows the lookup ({@code keyfile remove}
     * names key files only), or is null. The keys the member could read are returned and kept as an
     * exposure until each is rotated.
     */
    Member remove(String name, SlotKind kind, Map<String, Integer> currentVersions, Instant now, String by)
            throws VaultException {
        List<Member> all = members();
        int index = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).name().equals(name) && (kind == null || all.get(i).kind() == kind)) {
                index = i;
            }
        }
        if (index < 0) {
            throw new VaultException(Failure.NOT_FOUND, "no " + (kind == null ? "member" : kind.label()) + " named "
                    + Names.quote(name) + "; see the members with: keystash member list");
        }
        if (all.size() == 1) {
            throw new VaultException(Failure.CONFLICT, "cannot remove " + Names.quote(name)
                    + ": it is the last way into the vault (add another member first)");
        }
        Member removed = all.get(index);
        List<KeySlot> keptSlots = new ArrayList<>(slots);
        keptSlots.remove(index);
        List<Member> keptMembers = new ArrayList<>(all);
        keptMembers.remove(index);
        slots = keptSlots;
        members = keptMembers;
        membersChanged = true;
        rekeyRequested = true;
        exposures().add(new Exposure(removed.name(), now, by, currentVersions));
        exposuresChanged = true;
        return removed;
    }

    /** Rekeys at the next write even though no member changed (tests and tools). */
    void requestRekey() {
        rekeyRequested = true;
    }

    boolean rekeyRequested() {
        return rekeyRequested;
    }

    /** Removed members and the keys they could read; see {@link Exposure#unrotated}. */
    List<Exposure> exposures() throws VaultException {
        if (exposures == null) {
            byte[] plaintext = records.records().open(records.records().id(RecordKind.EXPOSURES, ""));
            try {
                exposures = plaintext == null ? new ArrayList<>() : new ArrayList<>(MemberRecords.exposures(plaintext));
            } catch (MalformedException e) {
                throw new VaultException(Failure.DAMAGED, "vault is damaged (exposures: " + e.getMessage() + ")");
            } finally {
                if (plaintext != null) {
                    Arrays.fill(plaintext, (byte) 0);
                }
            }
        }
        return exposures;
    }

    /** Drops exposures whose keys have all been rotated or deleted since. */
    void pruneExposures(Map<String, Integer> currentVersions) throws VaultException {
        if (exposures().removeIf(e -> e.unrotated(currentVersions).isEmpty())) {
            exposuresChanged = true;
        }
    }

    AuditKeys auditKeys() throws VaultException {
        if (auditKeys == null) {
            byte[] plaintext = records.records().open(records.records().id(RecordKind.AUDIT_KEYS, ""));
            try {
                auditKeys = plaintext == null ? AuditKeys.initial() : MemberRecords.auditKeys(plaintext);
            } catch (MalformedException e) {
                throw new VaultException(Failure.DAMAGED, "vault is damaged (audit keys: " + e.getMessage() + ")");
            } finally {
                if (plaintext != null) {
                    Arrays.fill(plaintext, (byte) 0);
                }
            }
        }
        return auditKeys;
    }

    /**
     * Before a write: a format 2 slot that opened the vault becomes a recipient slot (its public key
     * is known now), and every changed record is sealed. A rekey needs every member's public key.
     */
    void prepareWrite() throws VaultException {
        members();
        if (openedSlot != null && openedSlot.legacy() && openedPublicKey != null) {
            for (int i = 0; i < slots.size(); i++) {
                if (slots.get(i).id() == openedSlot.id() && slots.get(i).legacy()) {
                    replaceSlot(i, rewrap(slots.get(i), openedPublicKey, records.dataKey()),
                            members.get(i).withPublicKey(openedPublicKey));
                }
            }
        }
        if (rekeyRequested) {
            for (Member member : members) {
                if (member.needsUpgrade()) {
                    throw new VaultException(Failure.CONFLICT, "cannot rekey: " + member.kind().label() + " "
                            + Names.quote(member.name()) + " was added by an older Keystash and has not unlocked the vault "
                            + "since, so it cannot be carried over; run one change unlocked with it (for a key file: "
                            + "keystash --key-file FILE profile list --touch), or remove it first; nothing was changed");
                }
            }
        }
        sealRecords();
    }

    /** At a rekey: every slot re-wrapped for {@code newKey}, and the audit chain's old key kept. */
    void rekeyTo(DataKey oldKey, DataKey newKey, long generation) throws VaultException {
        AuditKeys before = auditKeys();
        List<KeySlot> rewrapped = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            rewrapped.add(rewrap(slots.get(i), members.get(i).publicKey(), newKey));
        }
        slots = rewrapped;
        byte[] oldAuditKey = oldKey.auditKey();
        try {
            auditKeys = before.rekeyed(generation, oldAuditKey);
        } finally {
            Arrays.fill(oldAuditKey, (byte) 0);
        }
        before.wipe();
        rekeyRequested = false;
        membersChanged = true;
        exposuresChanged = true;
    }

    /** Seals the members, exposures and audit-key records into the current record store, where changed. */
    void sealRecords() {
        SealedRecords store = records.records();
        if (membersChanged) {
            store.put(store.id(RecordKind.MEMBERS, ""), MemberRecords.members(members));
            membersChanged = false;
        }
        if (exposuresChanged && exposures != null) {
            if (exposures.isEmpty()) {
                store.remove(store.id(RecordKind.EXPOSURES, ""));
            } else {
                store.put(store.id(RecordKind.EXPOSURES, ""), MemberRecords.exposures(exposures));
            }
            exposuresChanged = false;
        }
        if (auditKeys != null && !auditKeys.past().isEmpty()) {
            byte[] plaintext = MemberRecords.auditKeys(auditKeys);
            store.put(store.id(RecordKind.AUDIT_KEYS, ""), plaintext);
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** True when a change was made that only these records hold. */
    boolean changed() {
        return membersChanged || exposuresChanged;
    }

    private Member addSlot(KeySlot slot, Member member) throws VaultException {
        if (slots.size() >= MAX_SLOTS) {
            throw new VaultException(Failure.CONFLICT, "the vault has " + MAX_SLOTS + " members, the most it can hold");
        }
        members();
        List<KeySlot> updatedSlots = new ArrayList<>(slots);
        updatedSlots.add(slot);
        List<Member> updatedMembers = new ArrayList<>(members);
        updatedMembers.add(member);
        slots = updatedSlots;
        members = updatedMembers;
        membersChanged = true;
        return member;
    }

    private void replaceSlot(int index, KeySlot slot, Member member) {
        List<KeySlot> updatedSlots = new ArrayList<>(slots);
        updatedSlots.set(index, slot);
        List<Member> updatedMembers = new ArrayList<>(members);
        updatedMembers.set(index, member);
        slots = updatedSlots;
        members = updatedMembers;
        membersChanged = true;
    }

    private void checkNewMember(String name) throws VaultException {
        Names.requireMemberName(name);
        for (Member member : members()) {
            if (member.name().equals(name)) {
                throw new VaultException(Failure.ALREADY_EXISTS, "a member named " + Names.quote(name)
                        + " already exists; see the members with: keystash member list");
            }
        }
    }

    private long newSlotId() {
        return newSlotId(slots);
    }

    /** A random slot id, not zero and not used by {@code slots}. */
    static long newSlotId(List<? extends KeySlot> slots) {
        Set<Long> used = new HashSet<>();
        for (KeySlot slot : slots) {
            used.add(slot.id());
        }
        long id;
        do {
            id = IDS.nextLong();
        } while (id == 0 || used.contains(id));
        return id;
    }

    private static RecipientSlot rewrap(KeySlot slot, byte[] publicKey, DataKey key) {
        KdfParams kdf = null;
        byte[] salt = null;
        if (slot instanceof RecipientSlot r) {
            kdf = r.kdf();
            salt = r.salt();
        } else if (slot instanceof PassphraseSlot p) {
            kdf = p.kdf();
            salt = p.salt();
        }
        return KeySlots.sealTo(key, slot.kind(), publicKey, slot.id(), kdf, salt);
    }

    /** Stored members matched to the header's slots by id; a slot without one gets a default name. */
    private List<Member> join(List<Member> stored) {
        List<Member> joined = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Member member : stored) {
            names.add(member.name());
        }
        int keyFiles = 0;
        int identities = 0;
        for (KeySlot slot : slots) {
            Member found = null;
            for (Member member : stored) {
                if (member.slotId() == slot.id()) {
                    found = member;
                }
            }
            if (found == null || found.kind() != slot.kind()) {
                String base = switch (slot.kind()) {
                    case PASSPHRASE -> "passphrase";
                    case KEY_FILE -> "key-file-" + (++keyFiles);
                    case IDENTITY -> "identity-" + (++identities);
                };
                String name = base;
                for (int n = 2; names.contains(name); n++) {
                    name = base + "-" + n;
                }
                names.add(name);
                found = new Member(slot.id(), name, slot.kind(), null, null, null);
                membersChanged = true;
            }
            if (found.publicKey() == null && openedSlot != null && slot.id() == openedSlot.id()) {
                found = found.withPublicKey(openedPublicKey);
            }
            joined.add(found);
        }
        return joined;
    }
}
