package io.keystash.vault.vectors;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A second reader of Keystash vault files, written from {@code vault-core/FORMAT.md} alone with JDK
 * classes only (no Keystash class, no Bouncy Castle), so that the committed test vectors are
 * checked against the document rather than against the code that wrote them: if vault-core's
 * codec drifts from FORMAT.md, this reader and vault-core stop agreeing on a vector.
 *
 * <p>It parses a file (magic, versions, header with its caps, header checksum, record table,
 * file MAC in format 1's and formats 2–3's style), unlocks it with a passphrase, a key file or an
 * identity (format 3 recipient slots and format 2 symmetric slots), checks the file MAC, derives
 * the purpose keys, finds records by the ids of their labels, opens them and decodes their tagged
 * fields. The result has the shape of a vector's {@code expected.json} (see the vectors' README).
 * Argon2id is not in the JDK: a passphrase slot using it can only be parsed, not opened
 * ({@link Argon2idUnavailable}).
 *
 * <p>Test code only: HKDF (RFC 5869) and Bech32 (BIP 173) are written here over
 * {@link Mac}; the ciphers, the KDF and X25519 are the JDK's.
 */
final class IndependentReader {
    private static final byte[] MAGIC = "KEYSTASH".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEADER = 65_536;
    private static final int MAX_RECORDS = 10_000_000;
    private static final int MAX_RECORD = 16 * 1024 * 1024;
    private static final int MAX_RECORD_V1 = 1024 * 1024;
    private static final int MAX_SLOTS = 500;
    private static final int MAX_SLOTS_V2 = 32;
    private static final long MAX_ARGON2_MEMORY_KIB = 1024L * 1024;
    private static final long MAX_ARGON2_WORK_KIB = 4L * 1024 * 1024;
    private static final long MAX_PBKDF2_ITERATIONS = 10_000_000;
    private static final int WRAPPED_KEY = 12 + 32 + 16;
    private static final HexFormat HEX = HexFormat.of();

    private IndependentReader() {
    }

    /** The file breaks a rule of FORMAT.md, or does not open with the credential. */
    static final class FormatError extends Exception {
        private static final long serialVersionUID = 1L;

        FormatError(String message) {
            super(message);
        }
    }

    /** The credential is a passphrase and the vault's passphrase slot uses Argon2id, which the JDK lacks. */
    static final class Argon2idUnavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Argon2idUnavailable() {
            super("Argon2id cannot be computed with JDK classes");
        }
    }

    /** What opens a vault. */
    sealed interface Credential permits Passphrase, KeyFile, Identity {
        /** The slot kind code of FORMAT.md: 1 passphrase, 2 key file, 3 identity. */
        int kind();
    }

    record Passphrase(String text) implements Credential {
        public int kind() {
            return 1;
        }
    }

    /** The key file's 32 bytes. */
    record KeyFile(byte[] key) implements Credential {
        public int kind() {
            return 2;
        }
    }

    /** An identity's X25519 private key. */
    record Identity(byte[] privateKey) implements Credential {
        public int kind() {
            return 3;
        }
    }

    /**
     * One key slot. {@code kdfPart} is the bracketed {@code KDF id ‖ parameters ‖ salt length ‖
     * salt} of a passphrase slot (type 3 kind 1, or type 1), {@code legacyParameters} a type 1 or
     * 2 slot's parameters as its associated data binds them.
     */
    record Slot(int type, long id, int kind, int kdfId, long[] kdfParameters, byte[] salt, byte[] kdfPart,
                byte[] ephemeralShare, byte[] legacyParameters, byte[] wrappedKey) {
    }

    /** A record as stored: where its id and its sealed bytes are in the file. */
    record StoredRecord(byte[] id, int start, int sealedStart, int sealedLength) {
    }

    /** A file split into its parts, checked for structure and checksum but not yet authenticated. */
    record Parsed(byte[] file, int major, int minor, byte[] vaultId, long generation, List<Slot> slots,
                  int recordsStart, List<StoredRecord> records) {
    }

    /** What an unlock found: the data key, and which slot and public key opened it. */
    record Unlocked(byte[] dataKey, Slot slot, byte[] publicKey) {
    }

    /** The decoded vault, and how it was opened. */
    record Result(Map<String, Object> contents, Unlocked unlocked) {
    }

    // ---- credentials ----------------------------------------------------------------------------

    /** A key file: one line {@code keystash-key-v1:} and the 32 bytes in unpadded base64url. */
    static byte[] keyFile(String text) throws FormatError {
        String line = text.strip();
        if (!line.startsWith("keystash-key-v1:")) {
            throw new FormatError("not a key file");
        }
        byte[] key = Base64.getUrlDecoder().decode(line.substring("keystash-key-v1:".length()));
        if (key.length != 32) {
            throw new FormatError("a key file holds 32 bytes");
        }
        return key;
    }

    /** An identity file: {@code #} comments and one {@code KEYSTASH-SECRET-KEY-1…} line, upper-case Bech32. */
    static byte[] identityFile(String text) throws FormatError {
        byte[] key = null;
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (key != null || !trimmed.startsWith("KEYSTASH-SECRET-KEY-1") || !trimmed.equals(trimmed.toUpperCase(Locale.ROOT))) {
                throw new FormatError("not an identity file");
            }
            key = Bech32.decode("keystash-secret-key-", trimmed);
        }
        if (key == null || key.length != 32) {
            throw new FormatError("an identity holds one 32-byte key");
        }
        return key;
    }

    /** A recipient: {@code keystash1…}, X in lower-case Bech32, 67 characters. */
    static byte[] recipient(String text) throws FormatError {
        if (text.length() != 67 || !text.equals(text.toLowerCase(Locale.ROOT))) {
            throw new FormatError("a recipient is 67 lower-case characters");
        }
        byte[] key = Bech32.decode("keystash", text);
        if (key.length != 32) {
            throw new FormatError("a recipient holds 32 bytes");
        }
        return key;
    }

    /** The X25519 public key of a private key: {@code X25519(x, 9)}. */
    static byte[] publicKey(byte[] privateKey) throws GeneralSecurityException {
        byte[] nine = new byte[32];
        nine[0] = 9;
        return x25519(privateKey, nine);
    }

    // ---- the clear part -------------------------------------------------------------------------

    /** Layout, header, checksum and record table, with every cap FORMAT.md sets. */
    static Parsed parse(byte[] file) throws FormatError, GeneralSecurityException {
        Bytes in = new Bytes(file, 0, file.length);
        if (file.length < 10 || !Arrays.equals(in.take(8), MAGIC)) {
            throw new FormatError("no KEYSTASH magic");
        }
        int major = in.u8();
        int minor = in.u8();
        if (major < 1 || major > 3) {
            throw new FormatError("major version " + major + " is not 1, 2 or 3");
        }
        long headerLength = in.u32();
        if (headerLength > MAX_HEADER) {
            throw new FormatError("header length over 65,536");
        }
        Bytes header = in.slice((int) headerLength);
        byte[] checksum = in.take(32);
        if (!MessageDigest.isEqual(checksum, sha256(file, 0, 14 + (int) headerLength))) {
            throw new FormatError("header checksum mismatch");
        }

        if (header.u8() != 1) {
            throw new FormatError("cipher id is not 1 (AES-256-GCM)");
        }
        byte[] vaultId = null;
        long generation = 0;
        int slotCount;
        if (major == 3) {
            vaultId = header.take(16);
            generation = header.u64();
            slotCount = header.u16();
            if (slotCount < 1 || slotCount > MAX_SLOTS) {
                throw new FormatError("slot count outside 1..500");
            }
        } else {
            slotCount = header.u8();
            if (slotCount < 1 || slotCount > MAX_SLOTS_V2) {
                throw new FormatError("slot count outside 1..32");
            }
        }
        List<Slot> slots = new ArrayList<>();
        Set<Long> ids = new HashSet<>();
        int passphraseSlots = 0;
        for (int i = 0; i < slotCount; i++) {
            int type = header.u8();
            Bytes body = header.slice(header.u16());
            // Formats 1 and 2 have no slot ids: readers number the slots 1, 2, … in header order.
            long id = major == 3 ? body.u64() : i + 1;
            Slot slot = switch (type) {
                case 3 -> {
                    if (major != 3) {
                        throw new FormatError("slot type 3 in a format " + major + " header");
                    }
                    yield recipientSlot(id, body);
                }
                case 1, 2 -> legacySlot(type, id, body);
                default -> throw new FormatError("unknown slot type " + type);
            };
            if (body.remaining() != 0) {
                throw new FormatError("slot has bytes beyond its fields");
            }
            if (!ids.add(id)) {
                throw new FormatError("two slots share an id");
            }
            passphraseSlots += slot.kind() == 1 ? 1 : 0;
            slots.add(slot);
        }
        if (passphraseSlots > 1) {
            throw new FormatError("more than one passphrase slot");
        }
        int extensions = header.u16();
        for (int i = 0; i < extensions; i++) {
            header.u16();
            header.take(header.u16());
        }
        if (header.remaining() != 0) {
            throw new FormatError("header has bytes after its extensions");
        }

        long count = in.u32();
        if (count > MAX_RECORDS) {
            throw new FormatError("more than 10,000,000 records");
        }
        int recordsStart = in.position();
        int cap = major == 1 ? MAX_RECORD_V1 : MAX_RECORD;
        List<StoredRecord> records = new ArrayList<>();
        byte[] previous = null;
        for (long i = 0; i < count; i++) {
            int start = in.position();
            byte[] id = in.take(16);
            long length = in.u32();
            if (length > cap) {
                throw new FormatError("record over the size cap");
            }
            if (previous != null && Arrays.compareUnsigned(previous, id) >= 0) {
                throw new FormatError("record ids not strictly increasing");
            }
            int sealedStart = in.position();
            in.take((int) length);
            records.add(new StoredRecord(id, start, sealedStart, (int) length));
            previous = id;
        }
        if (in.remaining() != 32) {
            throw new FormatError(in.remaining() < 32 ? "file cut short" : "bytes after the file MAC");
        }
        return new Parsed(file, major, minor, vaultId, generation, List.copyOf(slots), recordsStart, List.copyOf(records));
    }

    private static Slot recipientSlot(long id, Bytes body) throws FormatError {
        int kind = body.u8();
        if (kind < 1 || kind > 3) {
            throw new FormatError("unknown slot kind " + kind);
        }
        int kdfId = 0;
        long[] kdf = null;
        byte[] salt = null;
        byte[] kdfPart = new byte[0];
        if (kind == 1) {
            int from = body.position();
            kdfId = body.u8();
            kdf = kdfParameters(kdfId, body);
            salt = salt(body, 16, 64);
            kdfPart = body.bytesFrom(from);
        }
        byte[] share = body.take(32);
        return new Slot(3, id, kind, kdfId, kdf, salt, kdfPart, share, null, body.take(WRAPPED_KEY));
    }

    private static Slot legacySlot(int type, long id, Bytes body) throws FormatError {
        int from = body.position();
        if (type == 1) {
            int kdfId = body.u8();
            long[] kdf = kdfParameters(kdfId, body);
            byte[] salt = salt(body, 16, 64);
            byte[] parameters = body.bytesFrom(from);
            return new Slot(1, id, 1, kdfId, kdf, salt, parameters, null, parameters, body.take(WRAPPED_KEY));
        }
        byte[] salt = salt(body, 16, 64);
        return new Slot(2, id, 2, 0, null, salt, null, null, body.bytesFrom(from), body.take(WRAPPED_KEY));
    }

    /** KDF 1 Argon2id: memory KiB, passes, lanes; KDF 2 PBKDF2: iterations. Caps before anything is derived. */
    private static long[] kdfParameters(int kdfId, Bytes body) throws FormatError {
        if (kdfId == 1) {
            long memory = body.u32();
            long passes = body.u32();
            long lanes = body.u32();
            if (memory > MAX_ARGON2_MEMORY_KIB || memory < 8 * lanes || passes < 1 || passes > 16 || lanes < 1 || lanes > 16
                    || memory * passes > MAX_ARGON2_WORK_KIB) {
                throw new FormatError("Argon2id parameters over the caps");
            }
            return new long[] {memory, passes, lanes};
        }
        if (kdfId == 2) {
            long iterations = body.u32();
            if (iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) {
                throw new FormatError("PBKDF2 iterations over the cap");
            }
            return new long[] {iterations};
        }
        throw new FormatError("unknown KDF id " + kdfId);
    }

    private static byte[] salt(Bytes body, int min, int max) throws FormatError {
        int length = body.u8();
        if (length < min || length > max) {
            throw new FormatError("salt length outside " + min + ".." + max);
        }
        return body.take(length);
    }

    /** The clear part in the shape of expected.json: versions, vault id, generation, slots. */
    static Map<String, Object> structure(Parsed parsed) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("major", parsed.major());
        out.put("minor", parsed.minor());
        if (parsed.major() == 3) {
            out.put("vaultId", HEX.formatHex(parsed.vaultId()));
            out.put("generation", parsed.generation());
        }
        List<Object> slots = new ArrayList<>();
        for (Slot slot : parsed.slots()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", slotId(slot.id()));
            s.put("type", slot.type());
            s.put("kind", slot.kind());
            if (slot.kind() == 1) {
                Map<String, Object> kdf = new LinkedHashMap<>();
                kdf.put("id", slot.kdfId());
                if (slot.kdfId() == 1) {
                    kdf.put("memoryKiB", slot.kdfParameters()[0]);
                    kdf.put("passes", slot.kdfParameters()[1]);
                    kdf.put("lanes", slot.kdfParameters()[2]);
                } else {
                    kdf.put("iterations", slot.kdfParameters()[0]);
                }
                s.put("kdf", kdf);
            }
            slots.add(s);
        }
        out.put("slots", slots);
        return out;
    }

    // ---- unlocking ------------------------------------------------------------------------------

    /** Tries the slots of the credential's kind only, in header order; the first that authenticates wins. */
    static Unlocked unlock(Parsed parsed, Credential credential) throws FormatError, GeneralSecurityException,
            Argon2idUnavailable {
        for (Slot slot : parsed.slots()) {
            if (slot.kind() != credential.kind()) {
                continue;
            }
            Unlocked unlocked = slot.type() == 3 ? openRecipientSlot(slot, credential) : openLegacySlot(slot, credential);
            if (unlocked != null) {
                return unlocked;
            }
        }
        throw new FormatError("no slot of the credential's kind opens with it");
    }

    private static Unlocked openRecipientSlot(Slot slot, Credential credential) throws GeneralSecurityException,
            Argon2idUnavailable {
        byte[] x;
        if (credential instanceof Passphrase p) {
            x = hkdf(passphraseKdf(slot, p.text()), null, "keystash v3 passphrase identity");
        } else if (credential instanceof KeyFile k) {
            x = hkdf(k.key(), null, "keystash v3 key file identity");
        } else {
            x = ((Identity) credential).privateKey().clone();
        }
        byte[] publicKey = publicKey(x);
        byte[] shared = x25519(x, slot.ephemeralShare()); // the JDK refuses an all-zero result
        byte[] wrapKey = hkdf(shared, concat(slot.ephemeralShare(), publicKey), "keystash v3 x25519 slot");
        byte[] aad = concat(ascii("keystash v3 slot"), u64(slot.id()), new byte[] {(byte) slot.kind()}, slot.kdfPart(),
                slot.ephemeralShare());
        byte[] dataKey = gcmOpen(wrapKey, slot.wrappedKey(), aad);
        return dataKey == null ? null : new Unlocked(dataKey, slot, publicKey);
    }

    private static Unlocked openLegacySlot(Slot slot, Credential credential) throws GeneralSecurityException,
            Argon2idUnavailable {
        byte[] kek = slot.type() == 1 ? passphraseKdf(slot, ((Passphrase) credential).text())
                : hkdf(((KeyFile) credential).key(), slot.salt(), "keystash v1 key file slot");
        byte[] aad = concat(ascii("keystash v1 slot"), new byte[] {(byte) slot.type()}, slot.legacyParameters());
        byte[] dataKey = gcmOpen(kek, slot.wrappedKey(), aad);
        return dataKey == null ? null : new Unlocked(dataKey, slot, null);
    }

    private static byte[] passphraseKdf(Slot slot, String passphrase) throws GeneralSecurityException, Argon2idUnavailable {
        if (slot.kdfId() == 1) {
            throw new Argon2idUnavailable();
        }
        // The JDK's PBKDF2 turns the characters into UTF-8, as FORMAT.md asks.
        PBEKeySpec spec = new PBEKeySpec(passphrase.toCharArray(), slot.salt(), (int) slot.kdfParameters()[0], 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } finally {
            spec.clearPassword();
        }
    }

    // ---- reading --------------------------------------------------------------------------------

    /** Parses, unlocks, checks the file MAC and decodes every record the catalog and the labels lead to. */
    static Result read(byte[] file, Credential credential) throws FormatError, GeneralSecurityException,
            Argon2idUnavailable {
        Parsed parsed = parse(file);
        Unlocked unlocked = unlock(parsed, credential);
        byte[] dek = unlocked.dataKey();
        byte[] recordKey = hkdf(dek, null, "keystash v1 record encryption");
        byte[] idKey = hkdf(dek, null, "keystash v1 record id");
        byte[] fileKey = hkdf(dek, null, "keystash v1 file mac");
        if (!MessageDigest.isEqual(fileMac(parsed, fileKey), Arrays.copyOfRange(file, file.length - 32, file.length))) {
            throw new FormatError("file MAC mismatch");
        }
        Records records = new Records(parsed, recordKey, idKey);
        Map<String, Object> out = structure(parsed);

        Fields catalog = records.required("catalog\0");
        out.put("created", catalog.number(1));
        TreeSet<String> keyNames = new TreeSet<>(catalog.strings(2));
        TreeSet<String> profileNames = new TreeSet<>(catalog.strings(3));
        List<Object> keys = new ArrayList<>();
        for (String name : keyNames) {
            keys.add(key(records, name));
        }
        out.put("keys", keys);
        List<Object> profiles = new ArrayList<>();
        for (String name : profileNames) {
            profiles.add(profile(records.required("profile\0" + name)));
        }
        out.put("profiles", profiles);

        Fields members = records.optional("members\0");
        if (members != null) {
            out.put("members", members(members));
        }
        Fields auditKeys = records.optional("audit keys\0");
        if (auditKeys != null) {
            out.put("auditKeys", auditKeys(auditKeys));
        }
        Fields exposures = records.optional("exposures\0");
        if (exposures != null) {
            out.put("exposures", exposures(exposures));
        }
        int unexplained = parsed.records().size() - records.found.size();
        if (unexplained != 0) {
            out.put("unexplainedRecords", unexplained);
        }
        return new Result(out, unlocked);
    }

    /** Format 1: one hash of the file under the MAC. Formats 2 and 3: the front and 256 record groups. */
    static byte[] fileMac(Parsed parsed, byte[] fileKey) throws GeneralSecurityException {
        byte[] file = parsed.file();
        Mac mac = hmac(fileKey);
        if (parsed.major() == 1) {
            return mac.doFinal(sha256(file, 0, file.length - 32));
        }
        mac.update(sha256(file, 0, parsed.recordsStart()));
        List<StoredRecord> records = parsed.records();
        int next = 0;
        for (int group = 0; group < 256; group++) {
            int start = next < records.size() ? records.get(next).start() : file.length - 32;
            while (next < records.size() && (records.get(next).id()[0] & 0xFF) == group) {
                next++;
            }
            int end = next < records.size() ? records.get(next).start() : file.length - 32;
            mac.update(sha256(file, start, end - start));
        }
        return mac.doFinal();
    }

    private static Map<String, Object> key(Records records, String name) throws FormatError, GeneralSecurityException {
        Fields record = records.required("key\0" + name);
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("name", record.string(1));
        k.put("created", record.number(2));
        putIf(k, "provider", record.stringOrNull(3));
        putIf(k, "description", record.stringOrNull(4));
        k.put("tags", record.strings(5));
        putIf(k, "endpoint", record.stringOrNull(6));
        putIf(k, "rateLimit", record.stringOrNull(7));
        Map<String, Object> settings = new LinkedHashMap<>();
        for (Fields setting : record.nested(8)) {
            settings.put(setting.string(1), setting.string(2));
        }
        k.put("settings", settings);
        putIf(k, "expires", record.numberOrNull(9));
        putIf(k, "rotateEveryDays", record.numberOrNull(10));
        putIf(k, "env", record.stringOrNull(11));
        putIf(k, "property", record.stringOrNull(12));
        putIf(k, "keep", record.numberOrNull(13));
        putIf(k, "rotateCommand", record.stringOrNull(14));
        putIf(k, "validateCommand", record.stringOrNull(15));
        List<Object> versions = new ArrayList<>();
        for (Fields version : record.nested(16)) {
            Map<String, Object> v = new LinkedHashMap<>();
            long number = version.number(1);
            v.put("number", number);
            v.put("created", version.number(2));
            putIf(v, "createdBy", version.stringOrNull(3));
            putIf(v, "origin", version.stringOrNull(4));
            byte[] value = records.openRequired("value\0" + name + "\0" + number);
            if (value.length < 1 || value.length > 64 * 1024) {
                throw new FormatError("a value outside 1 byte..64 KiB");
            }
            v.put("value", utf8(value));
            versions.add(v);
        }
        k.put("versions", versions);
        return k;
    }

    private static Map<String, Object> profile(Fields record) throws FormatError {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", record.string(1));
        List<Object> bindings = new ArrayList<>();
        for (Fields binding : record.nested(2)) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("key", binding.string(1));
            putIf(b, "env", binding.stringOrNull(2));
            putIf(b, "property", binding.stringOrNull(3));
            bindings.add(b);
        }
        p.put("bindings", bindings);
        return p;
    }

    private static List<Object> members(Fields record) throws FormatError {
        List<Object> out = new ArrayList<>();
        for (Fields member : record.nested(1)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("slotId", slotId(member.number(1)));
            m.put("name", member.string(2));
            m.put("kind", member.number(3));
            byte[] publicKey = member.bytesOrNull(4);
            if (publicKey != null) {
                if (publicKey.length != 32) {
                    throw new FormatError("a member's public key is not 32 bytes");
                }
                m.put("publicKey", HEX.formatHex(publicKey));
            }
            putIf(m, "added", member.numberOrNull(5));
            putIf(m, "addedBy", member.stringOrNull(6));
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> auditKeys(Fields record) throws FormatError {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("currentSince", record.number(1));
        List<Object> past = new ArrayList<>();
        for (Fields key : record.nested(2)) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("from", key.number(1));
            byte[] bytes = key.bytesOrNull(2);
            if (bytes == null || bytes.length != 32) {
                throw new FormatError("an audit key is not 32 bytes");
            }
            k.put("key", HEX.formatHex(bytes));
            past.add(k);
        }
        out.put("past", past);
        return out;
    }

    private static List<Object> exposures(Fields record) throws FormatError {
        List<Object> out = new ArrayList<>();
        for (Fields exposure : record.nested(1)) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("member", exposure.string(1));
            e.put("removed", exposure.number(2));
            putIf(e, "removedBy", exposure.stringOrNull(3));
            Map<String, Object> keys = new LinkedHashMap<>();
            for (Fields key : exposure.nested(4)) {
                keys.put(key.string(1), key.number(2));
            }
            e.put("keys", keys);
            out.add(e);
        }
        return out;
    }

    /** Records found by label: id = first 16 bytes of HMAC-SHA256(K_id, label), opened under K_rec. */
    private static final class Records {
        private final Parsed parsed;
        private final byte[] recordKey;
        private final Mac ids;
        private final Map<String, StoredRecord> byId = new LinkedHashMap<>();
        private final Set<String> found = new HashSet<>();

        Records(Parsed parsed, byte[] recordKey, byte[] idKey) throws GeneralSecurityException {
            this.parsed = parsed;
            this.recordKey = recordKey;
            this.ids = hmac(idKey);
            for (StoredRecord record : parsed.records()) {
                byId.put(HEX.formatHex(record.id()), record);
            }
        }

        byte[] open(String label) throws FormatError, GeneralSecurityException {
            byte[] id = Arrays.copyOf(ids.doFinal(label.getBytes(StandardCharsets.UTF_8)), 16);
            StoredRecord record = byId.get(HEX.formatHex(id));
            if (record == null) {
                return null;
            }
            found.add(HEX.formatHex(id));
            byte[] sealed = Arrays.copyOfRange(parsed.file(), record.sealedStart(), record.sealedStart() + record.sealedLength());
            byte[] plaintext = gcmOpen(recordKey, sealed, concat(ascii("keystash v1 record"), id));
            if (plaintext == null) {
                throw new FormatError("a record fails authentication");
            }
            return plaintext;
        }

        byte[] openRequired(String label) throws FormatError, GeneralSecurityException {
            byte[] plaintext = open(label);
            if (plaintext == null) {
                throw new FormatError("a record the vault refers to is missing");
            }
            return plaintext;
        }

        Fields required(String label) throws FormatError, GeneralSecurityException {
            return Fields.parse(openRequired(label));
        }

        Fields optional(String label) throws FormatError, GeneralSecurityException {
            byte[] plaintext = open(label);
            return plaintext == null ? null : Fields.parse(plaintext);
        }
    }

    /** Tagged fields: tag (1) ‖ length (4) ‖ bytes; repeated tags are lists; numbers are 8 bytes. */
    private record Fields(List<Integer> tags, List<byte[]> values) {
        static Fields parse(byte[] plaintext) throws FormatError {
            Bytes in = new Bytes(plaintext, 0, plaintext.length);
            List<Integer> tags = new ArrayList<>();
            List<byte[]> values = new ArrayList<>();
            while (in.remaining() > 0) {
                tags.add(in.u8());
                values.add(in.take(checkedLength(in.u32())));
            }
            return new Fields(tags, values);
        }

        private static int checkedLength(long length) throws FormatError {
            if (length > Integer.MAX_VALUE) {
                throw new FormatError("field length out of range");
            }
            return (int) length;
        }

        List<byte[]> all(int tag) {
            List<byte[]> out = new ArrayList<>();
            for (int i = 0; i < tags.size(); i++) {
                if (tags.get(i) == tag) {
                    out.add(values.get(i));
                }
            }
            return out;
        }

        byte[] bytesOrNull(int tag) throws FormatError {
            List<byte[]> all = all(tag);
            if (all.size() > 1) {
                throw new FormatError("field " + tag + " repeated");
            }
            return all.isEmpty() ? null : all.get(0);
        }

        String stringOrNull(int tag) throws FormatError {
            byte[] bytes = bytesOrNull(tag);
            return bytes == null ? null : utf8(bytes);
        }

        String string(int tag) throws FormatError {
            String value = stringOrNull(tag);
            if (value == null) {
                throw new FormatError("field " + tag + " missing");
            }
            return value;
        }

        List<String> strings(int tag) throws FormatError {
            List<String> out = new ArrayList<>();
            for (byte[] bytes : all(tag)) {
                out.add(utf8(bytes));
            }
            return out;
        }

        Long numberOrNull(int tag) throws FormatError {
            byte[] bytes = bytesOrNull(tag);
            if (bytes == null) {
                return null;
            }
            if (bytes.length != 8) {
                throw new FormatError("field " + tag + " is not an 8-byte number");
            }
            return new Bytes(bytes, 0, 8).u64();
        }

        long number(int tag) throws FormatError {
            Long value = numberOrNull(tag);
            if (value == null) {
                throw new FormatError("field " + tag + " missing");
            }
            return value;
        }

        List<Fields> nested(int tag) throws FormatError {
            List<Fields> out = new ArrayList<>();
            for (byte[] bytes : all(tag)) {
                out.add(parse(bytes));
            }
            return out;
        }
    }

    // ---- primitives -----------------------------------------------------------------------------

    /** Big-endian reads with bounds checks. */
    private static final class Bytes {
        private final byte[] data;
        private int position;
        private final int end;

        Bytes(byte[] data, int offset, int length) {
            this.data = data;
            this.position = offset;
            this.end = offset + length;
        }

        int position() {
            return position;
        }

        int remaining() {
            return end - position;
        }

        private int need(int n) throws FormatError {
            if (n < 0 || n > remaining()) {
                throw new FormatError("unexpected end of data");
            }
            int at = position;
            position += n;
            return at;
        }

        int u8() throws FormatError {
            return data[need(1)] & 0xFF;
        }

        int u16() throws FormatError {
            int at = need(2);
            return (data[at] & 0xFF) << 8 | data[at + 1] & 0xFF;
        }

        long u32() throws FormatError {
            int at = need(4);
            return (data[at] & 0xFFL) << 24 | (data[at + 1] & 0xFF) << 16 | (data[at + 2] & 0xFF) << 8 | data[at + 3] & 0xFF;
        }

        long u64() throws FormatError {
            return u32() << 32 | u32();
        }

        byte[] take(int n) throws FormatError {
            int at = need(n);
            return Arrays.copyOfRange(data, at, at + n);
        }

        Bytes slice(int n) throws FormatError {
            return new Bytes(data, need(n), n);
        }

        /** The bytes from {@code from} to the current position. */
        byte[] bytesFrom(int from) {
            return Arrays.copyOfRange(data, from, position);
        }
    }

    /** HKDF-SHA256 (RFC 5869) for a 32-byte output: extract, then the first block of expand. */
    static byte[] hkdf(byte[] ikm, byte[] salt, String info) throws GeneralSecurityException {
        byte[] prk = hmac(salt == null || salt.length == 0 ? new byte[32] : salt).doFinal(ikm);
        Mac expand = hmac(prk);
        expand.update(info.getBytes(StandardCharsets.US_ASCII));
        expand.update((byte) 1);
        return expand.doFinal();
    }

    /** X25519(scalar, u) through the JDK's XDH; u is little-endian, its top bit ignored (RFC 7748). */
    static byte[] x25519(byte[] scalar, byte[] u) throws GeneralSecurityException {
        KeyFactory factory = KeyFactory.getInstance("XDH");
        PrivateKey privateKey = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar.clone()));
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = u[31 - i];
        }
        bigEndian[0] &= 0x7F;
        PublicKey publicKey = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, bigEndian)));
        KeyAgreement agreement = KeyAgreement.getInstance("XDH");
        agreement.init(privateKey);
        agreement.doPhase(publicKey, true);
        return agreement.generateSecret();
    }

    /** AES-256-GCM open of {@code nonce (12) ‖ ciphertext ‖ tag (16)}; null when it does not authenticate. */
    static byte[] gcmOpen(byte[] key, byte[] sealed, byte[] aad) throws GeneralSecurityException {
        if (sealed.length < 28) {
            return null;
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, sealed, 0, 12));
        cipher.updateAAD(aad);
        try {
            return cipher.doFinal(sealed, 12, sealed.length - 12);
        } catch (javax.crypto.AEADBadTagException wrongKey) {
            return null;
        }
    }

    private static Mac hmac(byte[] key) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac;
    }

    private static byte[] sha256(byte[] data, int offset, int length) throws GeneralSecurityException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(data, offset, length);
        return digest.digest();
    }

    private static String utf8(byte[] bytes) throws FormatError {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new FormatError("text that is not UTF-8");
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] u64(long value) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (value >>> (56 - 8 * i));
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
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

    /** Bech32 decoding (BIP 173): one case throughout, the last {@code 1} separates the prefix, a BCH checksum. */
    static final class Bech32 {
        private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
        private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

        private Bech32() {
        }

        static byte[] decode(String hrp, String text) throws FormatError {
            if (!text.equals(text.toLowerCase(Locale.ROOT)) && !text.equals(text.toUpperCase(Locale.ROOT))) {
                throw new FormatError("Bech32 of mixed case");
            }
            String lower = text.toLowerCase(Locale.ROOT);
            int separator = lower.lastIndexOf('1');
            if (separator < 1 || separator + 7 > lower.length() || !lower.substring(0, separator).equals(hrp)) {
                throw new FormatError("Bech32 with another prefix");
            }
            int[] values = new int[lower.length() - separator - 1];
            for (int i = 0; i < values.length; i++) {
                values[i] = CHARSET.indexOf(lower.charAt(separator + 1 + i));
                if (values[i] < 0) {
                    throw new FormatError("a character outside Bech32's alphabet");
                }
            }
            if (polymod(hrp, values) != 1) {
                throw new FormatError("Bech32 checksum mismatch");
            }
            return convertBits(Arrays.copyOf(values, values.length - 6));
        }

        private static int polymod(String hrp, int[] values) {
            List<Integer> all = new ArrayList<>();
            for (char c : hrp.toCharArray()) {
                all.add(c >> 5);
            }
            all.add(0);
            for (char c : hrp.toCharArray()) {
                all.add(c & 31);
            }
            for (int v : values) {
                all.add(v);
            }
            int check = 1;
            for (int v : all) {
                int top = check >>> 25;
                check = (check & 0x1ffffff) << 5 ^ v;
                for (int i = 0; i < 5; i++) {
                    if ((top >>> i & 1) != 0) {
                        check ^= GENERATOR[i];
                    }
                }
            }
            return check;
        }

        /** 5-bit groups to bytes, without padding: left-over bits must be fewer than 5 and zero. */
        private static byte[] convertBits(int[] values) throws FormatError {
            int accumulator = 0;
            int bits = 0;
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int value : values) {
                accumulator = accumulator << 5 | value;
                bits += 5;
                if (bits >= 8) {
                    bits -= 8;
                    out.write(accumulator >>> bits & 0xFF);
                }
            }
            if (bits >= 5 || (accumulator << 8 - bits & 0xFF) != 0) {
                throw new FormatError("Bech32 data with bad padding");
            }
            return out.toByteArray();
        }
    }
}
