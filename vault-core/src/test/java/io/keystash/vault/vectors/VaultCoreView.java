package io.keystash.vault.vectors;

import io.keystash.vault.Secret;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.crypto.Argon2idParams;
import io.keystash.vault.crypto.KdfParams;
import io.keystash.vault.crypto.Pbkdf2Params;
import io.keystash.vault.format.Header;
import io.keystash.vault.format.KeySlot;
import io.keystash.vault.format.MalformedException;
import io.keystash.vault.format.NewerFormatException;
import io.keystash.vault.format.ParsedVault;
import io.keystash.vault.format.PassphraseSlot;
import io.keystash.vault.format.RecipientSlot;
import io.keystash.vault.format.VaultCodec;
import io.keystash.vault.members.AuditKeys;
import io.keystash.vault.members.Exposure;
import io.keystash.vault.members.Member;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.KeyVersion;
import io.keystash.vault.model.Profile;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A vault as vault-core reads it, in the shape of a vector's {@code expected.json} (described in
 * {@code src/test/resources/vectors/README.md}). The other side of the comparison is
 * {@link IndependentReader}, which reads the same file from FORMAT.md alone.
 */
final class VaultCoreView {
    private static final HexFormat HEX = HexFormat.of();

    private VaultCoreView() {
    }

    /** The clear part of {@code file} as vault-core's codec parses it. */
    static Map<String, Object> structure(byte[] file) throws MalformedException, NewerFormatException {
        ParsedVault parsed = VaultCodec.parse(file);
        Header header = parsed.header();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("major", parsed.major());
        out.put("minor", header.minor());
        if (header.vaultId() != null) {
            out.put("vaultId", header.vaultId().hex());
            out.put("generation", header.generation());
        }
        List<Object> slots = new ArrayList<>();
        for (KeySlot slot : header.slots()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", slotId(slot.id()));
            s.put("type", slot.type());
            s.put("kind", slot.kind().code());
            KdfParams kdf = slot instanceof PassphraseSlot p ? p.kdf() : slot instanceof RecipientSlot r ? r.kdf() : null;
            if (kdf != null) {
                s.put("kdf", kdf(kdf));
            }
            slots.add(s);
        }
        out.put("slots", slots);
        return out;
    }

    /** Everything: the clear part, then what {@code vault} (opened from {@code file}) holds. */
    static Map<String, Object> describe(byte[] file, Vault vault) throws VaultException, MalformedException,
            NewerFormatException {
        Map<String, Object> out = structure(file);
        Header header = VaultCodec.parse(file).header();
        out.put("created", vault.created().toEpochMilli());
        List<Object> keys = new ArrayList<>();
        for (KeyEntry key : vault.keys()) {
            keys.add(key(vault, key));
        }
        out.put("keys", keys);
        List<Object> profiles = new ArrayList<>();
        for (String name : vault.profileNames()) {
            profiles.add(profile(vault.profile(name)));
        }
        out.put("profiles", profiles);
        if (header.vaultId() == null) {
            return out; // formats 1 and 2 have no member, audit-key or exposure records
        }
        List<Object> members = new ArrayList<>();
        List<Member> all = vault.members();
        for (int i = 0; i < all.size(); i++) {
            Member member = all.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("slotId", slotId(member.slotId()));
            m.put("name", member.name());
            m.put("kind", member.kind().code());
            // The record keeps no public key for a format 2 slot not converted yet; vault-core works
            // it out in memory when that slot opened the vault, but the file does not hold it.
            if (member.publicKey() != null && !header.slots().get(i).legacy()) {
                m.put("publicKey", HEX.formatHex(member.publicKey()));
            }
            putIf(m, "added", member.added() == null ? null : member.added().toEpochMilli());
            putIf(m, "addedBy", member.addedBy());
            members.add(m);
        }
        out.put("members", members);
        AuditKeys auditKeys = vault.auditKeys();
        if (!auditKeys.past().isEmpty()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("currentSince", auditKeys.currentSince());
            List<Object> past = new ArrayList<>();
            auditKeys.past().forEach((from, key) -> {
                Map<String, Object> k = new LinkedHashMap<>();
                k.put("from", from);
                k.put("key", HEX.formatHex(key));
                past.add(k);
            });
            a.put("past", past);
            out.put("auditKeys", a);
        }
        List<Exposure> exposures = vault.exposures();
        if (!exposures.isEmpty()) {
            List<Object> list = new ArrayList<>();
            for (Exposure exposure : exposures) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("member", exposure.member());
                e.put("removed", exposure.removed().toEpochMilli());
                putIf(e, "removedBy", exposure.removedBy());
                e.put("keys", new TreeMap<>(exposure.versions()));
                list.add(e);
            }
            out.put("exposures", list);
        }
        return out;
    }

    private static Map<String, Object> key(Vault vault, KeyEntry key) throws VaultException {
        KeyMetadata m = key.metadata();
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("name", key.name());
        k.put("created", key.created().toEpochMilli());
        k.put("provider", m.provider());
        putIf(k, "description", m.description());
        k.put("tags", m.tags());
        putIf(k, "endpoint", m.endpoint());
        putIf(k, "rateLimit", m.rateLimit() == null ? null : m.rateLimit().toString());
        k.put("settings", m.settings());
        putIf(k, "expires", m.expires() == null ? null : m.expires().toEpochDay());
        putIf(k, "rotateEveryDays", m.rotateEveryDays());
        putIf(k, "env", m.env());
        putIf(k, "property", m.property());
        k.put("keep", m.keep());
        putIf(k, "rotateCommand", m.rotateCommand());
        putIf(k, "validateCommand", m.validateCommand());
        List<Object> versions = new ArrayList<>();
        for (KeyVersion v : key.versions()) {
            Map<String, Object> version = new LinkedHashMap<>();
            version.put("number", v.number());
            version.put("created", v.created().toEpochMilli());
            version.put("createdBy", v.createdBy());
            version.put("origin", v.origin());
            try (Secret value = vault.value(key.name(), v.number())) {
                version.put("value", value.reveal());
            }
            versions.add(version);
        }
        k.put("versions", versions);
        return k;
    }

    private static Map<String, Object> profile(Profile profile) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", profile.name());
        List<Object> bindings = new ArrayList<>();
        for (Binding b : profile.bindings()) {
            Map<String, Object> binding = new LinkedHashMap<>();
            binding.put("key", b.key());
            putIf(binding, "env", b.env());
            putIf(binding, "property", b.property());
            bindings.add(binding);
        }
        p.put("bindings", bindings);
        return p;
    }

    private static Map<String, Object> kdf(KdfParams kdf) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", kdf.id());
        if (kdf instanceof Pbkdf2Params p) {
            out.put("iterations", p.iterations());
        } else if (kdf instanceof Argon2idParams a) {
            out.put("memoryKiB", a.memoryKiB());
            out.put("passes", a.iterations());
            out.put("lanes", a.parallelism());
        }
        return out;
    }

    private static String slotId(long id) {
        return String.format("%016x", id);
    }

    private static void putIf(Map<String, Object> map, String name, Object value) {
        if (value != null) {
            map.put(name, value);
        }
    }
}
