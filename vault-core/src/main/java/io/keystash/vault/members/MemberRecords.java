package io.keystash.vault.members;

import io.keystash.vault.format.FieldReader;
import io.keystash.vault.format.FieldWriter;
import io.keystash.vault.format.MalformedException;
import io.keystash.vault.format.SlotKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Plaintexts of the members, audit keys and exposures records ↔ their values (tags in FORMAT.md). */
public final class MemberRecords {
    private MemberRecords() {
    }

    public static byte[] members(List<Member> members) {
        FieldWriter out = new FieldWriter();
        for (Member m : members) {
            FieldWriter fields = new FieldWriter().number(1, m.slotId()).string(2, m.name()).number(3, m.kind().code());
            if (m.publicKey() != null) {
                fields.bytes(4, m.publicKey());
            }
            if (m.added() != null) {
                fields.number(5, m.added().toEpochMilli());
            }
            fields.string(6, m.addedBy());
            out.nested(1, fields);
        }
        return out.toByteArray();
    }

    public static List<Member> members(byte[] plaintext) throws MalformedException {
        List<Member> members = new ArrayList<>();
        FieldReader in = new FieldReader(plaintext);
        while (in.next()) {
            if (in.tag() != 1) {
                continue;
            }
            FieldReader m = in.nested();
            Long slotId = null;
            String name = null;
            SlotKind kind = null;
            byte[] publicKey = null;
            Instant added = null;
            String addedBy = null;
            while (m.next()) {
                switch (m.tag()) {
                    case 1 -> slotId = m.number();
                    case 2 -> name = m.string();
                    case 3 -> kind = kind((int) m.number());
                    case 4 -> publicKey = m.bytes();
                    case 5 -> added = Instant.ofEpochMilli(m.number());
                    case 6 -> addedBy = m.string();
                    default -> { }
                }
            }
            if (slotId == null || name == null || kind == null || publicKey != null && publicKey.length != 32) {
                throw new MalformedException("a member lacks its slot, name or kind, or has a bad public key");
            }
            members.add(new Member(slotId, name, kind, publicKey, added, addedBy));
        }
        return members;
    }

    public static byte[] auditKeys(AuditKeys keys) {
        FieldWriter out = new FieldWriter().number(1, keys.currentSince());
        keys.past().forEach((from, key) -> out.nested(2, new FieldWriter().number(1, from).bytes(2, key)));
        return out.toByteArray();
    }

    public static AuditKeys auditKeys(byte[] plaintext) throws MalformedException {
        FieldReader in = new FieldReader(plaintext);
        long since = 0;
        Map<Long, byte[]> past = new TreeMap<>();
        while (in.next()) {
            if (in.tag() == 1) {
                since = in.number();
            } else if (in.tag() == 2) {
                FieldReader k = in.nested();
                Long from = null;
                byte[] key = null;
                while (k.next()) {
                    if (k.tag() == 1) {
                        from = k.number();
                    } else if (k.tag() == 2) {
                        key = k.bytes();
                    }
                }
                if (from == null || key == null || key.length != 32) {
                    throw new MalformedException("an audit key lacks its generation or has the wrong length");
                }
                past.put(from, key);
            }
        }
        return new AuditKeys(since, past);
    }

    public static byte[] exposures(List<Exposure> exposures) {
        FieldWriter out = new FieldWriter();
        for (Exposure e : exposures) {
            FieldWriter fields = new FieldWriter().string(1, e.member()).number(2, e.removed().toEpochMilli())
                    .string(3, e.removedBy());
            new TreeMap<>(e.versions()).forEach((key, version) ->
                    fields.nested(4, new FieldWriter().string(1, key).number(2, version)));
            out.nested(1, fields);
        }
        return out.toByteArray();
    }

    public static List<Exposure> exposures(byte[] plaintext) throws MalformedException {
        List<Exposure> exposures = new ArrayList<>();
        FieldReader in = new FieldReader(plaintext);
        while (in.next()) {
            if (in.tag() != 1) {
                continue;
            }
            FieldReader e = in.nested();
            String member = null;
            Instant removed = null;
            String removedBy = null;
            Map<String, Integer> versions = new TreeMap<>();
            while (e.next()) {
                switch (e.tag()) {
                    case 1 -> member = e.string();
                    case 2 -> removed = Instant.ofEpochMilli(e.number());
                    case 3 -> removedBy = e.string();
                    case 4 -> {
                        FieldReader k = e.nested();
                        String key = null;
                        long version = -1;
                        while (k.next()) {
                            if (k.tag() == 1) {
                                key = k.string();
                            } else if (k.tag() == 2) {
                                version = k.number();
                            }
                        }
                        if (key == null || version < 1 || version > Integer.MAX_VALUE) {
                            throw new MalformedException("an exposed key lacks its name or version");
                        }
                        versions.put(key, (int) version);
                    }
                    default -> { }
                }
            }
            if (member == null || removed == null) {
                throw new MalformedException("an exposure lacks its member or time");
            }
            exposures.add(new Exposure(member, removed, removedBy, versions));
        }
        return exposures;
    }

    private static SlotKind kind(int code) throws MalformedException {
        for (SlotKind kind : SlotKind.values()) {
            if (kind.code() == code) {
                return kind;
            }
        }
        throw new MalformedException("unknown member kind " + code);
    }
}
