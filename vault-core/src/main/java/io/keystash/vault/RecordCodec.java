package io.keystash.vault;

import io.keystash.vault.format.FieldReader;
import io.keystash.vault.format.FieldWriter;
import io.keystash.vault.format.MalformedException;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.KeyVersion;
import io.keystash.vault.model.Profile;
import io.keystash.vault.model.RateLimit;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Record plaintexts ↔ model values, as tagged fields (tags listed in FORMAT.md). */
final class RecordCodec {
    private RecordCodec() {
    }

    static byte[] catalog(Catalog catalog) {
        FieldWriter out = new FieldWriter().number(1, catalog.created.toEpochMilli());
        catalog.keys.forEach(name -> out.string(2, name));
        catalog.profiles.forEach(name -> out.string(3, name));
        return out.toByteArray();
    }

    /** A catalog plaintext with key names appended to it (tag 2 fields; order is not significant). */
    static byte[] withKeyNames(byte[] catalogPlaintext, List<String> names) {
        FieldWriter out = new FieldWriter();
        for (String name : names) {
            out.string(2, name);
        }
        byte[] added = out.toByteArray();
        byte[] updated = Arrays.copyOf(catalogPlaintext, catalogPlaintext.length + added.length);
        System.arraycopy(added, 0, updated, catalogPlaintext.length, added.length);
        return updated;
    }

    static Catalog catalog(byte[] plaintext) throws MalformedException {
        FieldReader in = new FieldReader(plaintext);
        Instant created = Instant.EPOCH;
        TreeSet<String> keys = new TreeSet<>();
        TreeSet<String> profiles = new TreeSet<>();
        while (in.next()) {
            switch (in.tag()) {
                case 1 -> created = Instant.ofEpochMilli(in.number());
                case 2 -> keys.add(in.string());
                case 3 -> profiles.add(in.string());
                default -> { }
            }
        }
        return new Catalog(created, keys, profiles);
    }

    static byte[] key(KeyEntry key) {
        KeyMetadata m = key.metadata();
        FieldWriter out = new FieldWriter()
                .string(1, key.name())
                .number(2, key.created().toEpochMilli())
                .string(3, m.provider())
                .string(4, m.description());
        m.tags().forEach(tag -> out.string(5, tag));
        out.string(6, m.endpoint());
        if (m.rateLimit() != null) {
            out.string(7, m.rateLimit().toString());
        }
        m.settings().forEach((name, value) -> out.nested(8, new FieldWriter().string(1, name).string(2, value)));
        if (m.expires() != null) {
            out.number(9, m.expires().toEpochDay());
        }
        if (m.rotateEveryDays() != null) {
            out.number(10, m.rotateEveryDays());
        }
        out.string(11, m.env()).string(12, m.property()).number(13, m.keep())
                .string(14, m.rotateCommand()).string(15, m.validateCommand());
        for (KeyVersion v : key.versions()) {
            out.nested(16, new FieldWriter().number(1, v.number()).number(2, v.created().toEpochMilli())
                    .string(3, v.createdBy()).string(4, v.origin()));
        }
        return out.toByteArray();
    }

    static KeyEntry key(byte[] plaintext) throws MalformedException {
        FieldReader in = new FieldReader(plaintext);
        String name = null;
        Instant created = Instant.EPOCH;
        KeyMetadata.Builder m = KeyMetadata.builder();
        List<String> tags = new ArrayList<>();
        Map<String, String> settings = new LinkedHashMap<>();
        List<KeyVersion> versions = new ArrayList<>();
        try {
            while (in.next()) {
                switch (in.tag()) {
                    case 1 -> name = in.string();
                    case 2 -> created = Instant.ofEpochMilli(in.number());
                    case 3 -> m.provider(in.string());
                    case 4 -> m.description(in.string());
                    case 5 -> tags.add(in.string());
                    case 6 -> m.endpoint(in.string());
                    case 7 -> m.rateLimit(RateLimit.parse(in.string()));
                    case 8 -> readSetting(in.nested(), settings);
                    case 9 -> m.expires(LocalDate.ofEpochDay(in.number()));
                    case 10 -> m.rotateEveryDays((int) in.number());
                    case 11 -> m.env(in.string());
                    case 12 -> m.property(in.string());
                    case 13 -> m.keep((int) in.number());
                    case 14 -> m.rotateCommand(in.string());
                    case 15 -> m.validateCommand(in.string());
                    case 16 -> versions.add(readVersion(in.nested()));
                    default -> { }
                }
            }
            if (name == null || versions.isEmpty()) {
                throw new MalformedException("key record without name or versions");
            }
            return new KeyEntry(name, created, m.tags(tags).settings(settings).build(), versions);
        } catch (VaultException | RuntimeException e) {
            throw new MalformedException("key record has an invalid field");
        }
    }

    private static void readSetting(FieldReader in, Map<String, String> settings) throws MalformedException {
        String name = null;
        String value = null;
        while (in.next()) {
            if (in.tag() == 1) {
                name = in.string();
            } else if (in.tag() == 2) {
                value = in.string();
            }
        }
        if (name == null || value == null) {
            throw new MalformedException("setting without name or value");
        }
        settings.put(name, value);
    }

    private static KeyVersion readVersion(FieldReader in) throws MalformedException {
        int number = 0;
        Instant created = Instant.EPOCH;
        String createdBy = "";
        String origin = "";
        while (in.next()) {
            switch (in.tag()) {
                case 1 -> number = (int) in.number();
                case 2 -> created = Instant.ofEpochMilli(in.number());
                case 3 -> createdBy = in.string();
                case 4 -> origin = in.string();
                default -> { }
            }
        }
        if (number < 1) {
            throw new MalformedException("version without number");
        }
        return new KeyVersion(number, created, createdBy, origin);
    }

    static byte[] profile(Profile profile) {
        FieldWriter out = new FieldWriter().string(1, profile.name());
        for (Binding b : profile.bindings()) {
            out.nested(2, new FieldWriter().string(1, b.key()).string(2, b.env()).string(3, b.property()));
        }
        return out.string(3, profile.description()).toByteArray();
    }

    static Profile profile(byte[] plaintext) throws MalformedException {
        FieldReader in = new FieldReader(plaintext);
        String name = null;
        String description = null;
        List<Binding> bindings = new ArrayList<>();
        while (in.next()) {
            if (in.tag() == 1) {
                name = in.string();
            } else if (in.tag() == 3) {
                description = in.string();
            } else if (in.tag() == 2) {
                FieldReader b = in.nested();
                String key = null;
                String env = null;
                String property = null;
                while (b.next()) {
                    switch (b.tag()) {
                        case 1 -> key = b.string();
                        case 2 -> env = b.string();
                        case 3 -> property = b.string();
                        default -> { }
                    }
                }
                if (key == null || env == null && property == null) {
                    throw new MalformedException("binding without key or target");
                }
                bindings.add(new Binding(key, env, property));
            }
        }
        if (name == null) {
            throw new MalformedException("profile record without name");
        }
        return new Profile(name, description, bindings);
    }
}
