package io.keystash.vault.transfer;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystash.vault.Failure;
import io.keystash.vault.Secret;
import io.keystash.vault.VaultException;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.DayPeriods;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.KeyVersion;
import io.keystash.vault.model.Names;
import io.keystash.vault.model.Profile;
import io.keystash.vault.model.RateLimit;
import io.keystash.vault.provider.Providers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads an export document strictly: every field checked for type and rules, unknown fields and
 * unknown format versions refused, names validated, references between profiles and keys
 * checked. A problem is an INVALID_INPUT failure whose message says where ({@code line 3,
 * column 7} for syntax, {@code keys[2].versions[0].created} for content) and never repeats a
 * value, so a damaged export holding clear values cannot leak one into a terminal or a log.
 */
public final class ExportReader {
    /** The field that marks an export document and holds its format's major version. */
    public static final String MARKER = "keystash-export";

    private static final Set<String> ROOT_FIELDS = Set.of(MARKER, "exported", "secrets", "keys", "profiles", "sealed",
            "totals");
    private static final Set<String> TOTALS_FIELDS = Set.of("keys", "profiles");
    private static final Set<String> KEY_FIELDS = Set.of("name", "created", "provider", "description", "tags", "endpoint",
            "rateLimit", "settings", "expires", "rotateEveryDays", "env", "property", "keep", "rotateCommand",
            "validateCommand", "versions");
    private static final Set<String> VERSION_FIELDS = Set.of("number", "created", "createdBy", "origin", "value");
    private static final Set<String> PROFILE_FIELDS = Set.of("name", "bindings");
    private static final Set<String> BINDING_FIELDS = Set.of("key", "env", "property");

    private ExportReader() {
    }

    /** Parses and checks a whole document. The caller closes it (it may hold values). */
    public static ExportDocument read(byte[] content, TransferFormat format) throws VaultException {
        Field root = new Field(parse(content, format), "");
        root.requireObject(ROOT_FIELDS);
        int version = root.field(MARKER).integer(0, Integer.MAX_VALUE);
        if (version != ExportDocument.VERSION) {
            throw root.field(MARKER).invalid(version > ExportDocument.VERSION
                    ? "export format " + version + " was written by a newer Keystash; upgrade keystash to import it"
                    : "unknown export format " + version);
        }
        Instant exported = root.field("exported").instant();
        SecretsMode secrets = secretsMode(root.field("secrets"));
        byte[] sealed = null;
        Field sealedField = root.field("sealed");
        if (secrets == SecretsMode.SEALED) {
            sealed = base64(sealedField);
        } else if (sealedField.present()) {
            throw sealedField.invalid("only allowed when secrets is sealed");
        }
        List<ExportedKey> keys = new ArrayList<>();
        try {
            Set<String> keyNames = new HashSet<>();
            for (Field key : root.field("keys").array()) {
                ExportedKey read = key(key, secrets == SecretsMode.PLAINTEXT);
                keys.add(read);
                if (!keyNames.add(read.entry().name())) {
                    throw key.field("name").invalid("key " + Names.quote(read.entry().name()) + " appears twice");
                }
            }
            List<Profile> profiles = new ArrayList<>();
            Set<String> profileNames = new HashSet<>();
            for (Field profile : root.field("profiles").array()) {
                Profile read = profile(profile, keyNames);
                if (!profileNames.add(read.name())) {
                    throw profile.field("name").invalid("profile " + Names.quote(read.name()) + " appears twice");
                }
                profiles.add(read);
            }
            Field totals = root.field("totals");
            if (!totals.present()) {
                throw totals.invalid("missing (was the file cut short?)");
            }
            totals.requireObject(TOTALS_FIELDS);
            if (totals.field("keys").integer(0, Integer.MAX_VALUE) != keys.size()
                    || totals.field("profiles").integer(0, Integer.MAX_VALUE) != profiles.size()) {
                throw totals.invalid("the file holds " + keys.size() + " keys and " + profiles.size()
                        + " profiles, not what its totals say (cut short or edited?)");
            }
            keys.sort((a, b) -> a.entry().name().compareTo(b.entry().name()));
            profiles.sort((a, b) -> a.name().compareTo(b.name()));
            return new ExportDocument(exported, secrets, keys, profiles, sealed);
        } catch (VaultException | RuntimeException e) {
            keys.forEach(ExportedKey::close);
            throw e;
        }
    }

    private static JsonNode parse(byte[] content, TransferFormat format) throws VaultException {
        String kind = format == TransferFormat.YAML ? "YAML" : "JSON";
        ObjectMapper mapper = format == TransferFormat.YAML ? DocumentMappers.YAML : DocumentMappers.JSON;
        JsonNode node;
        DocumentMappers.requireBounded(mapper, content);
        try {
            node = mapper.readTree(content);
        } catch (StreamConstraintsException e) {
            throw new VaultException(Failure.INVALID_INPUT, "not a Keystash export: nested deeper than "
                    + DocumentMappers.MAX_DEPTH + " levels, or a string or number too long" + where(e));
        } catch (JsonProcessingException e) {
            // Jackson's own message may quote the text around the error, which can be a value: never shown.
            String what = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? "a field appears twice" : "not valid " + kind;
            throw new VaultException(Failure.INVALID_INPUT, what + where(e));
        } catch (IOException | RuntimeException e) {
            // SnakeYAML reports some input errors (bad characters, bad encoding) as its own exceptions.
            throw new VaultException(Failure.INVALID_INPUT, "not valid " + kind + " text");
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new VaultException(Failure.INVALID_INPUT, "the file is empty");
        }
        if (!node.isObject() || !node.has(MARKER)) {
            throw new VaultException(Failure.INVALID_INPUT, "not a Keystash export (no " + MARKER + " field at the top)");
        }
        return node;
    }

    private static String where(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static SecretsMode secretsMode(Field field) throws VaultException {
        String text = field.text();
        for (SecretsMode mode : SecretsMode.values()) {
            if (mode.id().equals(text)) {
                return mode;
            }
        }
        throw field.invalid("expected none, sealed or plaintext");
    }

    private static byte[] base64(Field field) throws VaultException {
        if (!field.present() || !field.node.isTextual()) {
            throw field.invalid(field.present() ? "expected text" : "missing (secrets is sealed)");
        }
        try {
            return Base64.getMimeDecoder().decode(field.node.textValue());
        } catch (IllegalArgumentException e) {
            throw field.invalid("not valid base64");
        }
    }

    private static ExportedKey key(Field key, boolean withValues) throws VaultException {
        key.requireObject(KEY_FIELDS);
        String name = key.field("name").text();
        try {
            Names.requireKeyName(name);
        } catch (VaultException e) {
            throw key.field("name").invalid(e.getMessage());
        }
        KeyMetadata metadata = metadata(key);
        List<KeyVersion> versions = new ArrayList<>();
        Map<Integer, Secret> values = withValues ? new TreeMap<>() : null;
        try {
            List<Field> versionFields = key.field("versions").array();
            if (versionFields.isEmpty()) {
                throw key.field("versions").invalid("a key has at least one version");
            }
            if (versionFields.size() > metadata.keep()) {
                throw key.field("versions").invalid(versionFields.size() + " versions, but the key keeps " + metadata.keep());
            }
            int previous = 0;
            for (Field version : versionFields) {
                version.requireObject(VERSION_FIELDS);
                int number = version.field("number").integer(1, Integer.MAX_VALUE);
                if (number <= previous) {
                    throw version.field("number").invalid("version numbers must grow");
                }
                previous = number;
                versions.add(new KeyVersion(number, version.field("created").instant(),
                        version.field("createdBy").optionalText(), version.field("origin").optionalText()));
                Field value = version.field("value");
                if (withValues) {
                    values.put(number, value.secret());
                } else if (value.present()) {
                    throw value.invalid("values are only allowed when secrets is plaintext");
                }
            }
            return new ExportedKey(new KeyEntry(name, key.field("created").instant(), metadata, versions), values);
        } catch (VaultException | RuntimeException e) {
            if (values != null) {
                values.values().forEach(Secret::close);
            }
            throw e;
        }
    }

    private static KeyMetadata metadata(Field key) throws VaultException {
        KeyMetadata.Builder builder = KeyMetadata.builder();
        Field provider = key.field("provider");
        try {
            builder.provider(Providers.byId(provider.text()).id());
        } catch (VaultException e) {
            throw provider.invalid(e.getMessage());
        }
        builder.description(key.field("description").optionalText());
        List<String> tags = new ArrayList<>();
        for (Field tag : key.field("tags").optionalArray()) {
            tags.add(tag.text());
        }
        builder.tags(tags);
        builder.endpoint(key.field("endpoint").optionalText());
        Field rateLimit = key.field("rateLimit");
        if (rateLimit.present()) {
            try {
                builder.rateLimit(RateLimit.parse(rateLimit.text()));
            } catch (VaultException e) {
                throw rateLimit.invalid(e.getMessage());
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        Field settingsField = key.field("settings");
        if (settingsField.present()) {
            settingsField.requireObject(null);
            for (Iterator<String> names = settingsField.node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                settings.put(name, settingsField.field(name).text());
            }
        }
        builder.settings(settings);
        Field expires = key.field("expires");
        if (expires.present()) {
            builder.expires(expires.date());
        }
        Field rotateEvery = key.field("rotateEveryDays");
        if (rotateEvery.present()) {
            builder.rotateEveryDays(rotateEvery.integer(1, DayPeriods.MAX_DAYS));
        }
        builder.env(key.field("env").optionalText());
        builder.property(key.field("property").optionalText());
        Field keep = key.field("keep");
        if (keep.present()) {
            builder.keep(keep.integer(1, KeyMetadata.MAX_KEEP));
        }
        builder.rotateCommand(key.field("rotateCommand").optionalText());
        builder.validateCommand(key.field("validateCommand").optionalText());
        try {
            return builder.build();
        } catch (VaultException e) {
            throw key.invalid(e.getMessage());
        }
    }

    private static Profile profile(Field profile, Set<String> keyNames) throws VaultException {
        profile.requireObject(PROFILE_FIELDS);
        String name = profile.field("name").text();
        try {
            Names.requireProfileName(name);
        } catch (VaultException e) {
            throw profile.field("name").invalid(e.getMessage());
        }
        List<Binding> bindings = new ArrayList<>();
        for (Field binding : profile.field("bindings").optionalArray()) {
            binding.requireObject(BINDING_FIELDS);
            String key = binding.field("key").text();
            if (!keyNames.contains(key)) {
                throw binding.field("key").invalid("no key named " + Names.quote(key) + " in this export");
            }
            String env = binding.field("env").optionalText();
            String property = binding.field("property").optionalText();
            try {
                if (env != null) {
                    Names.requireEnvVar(env);
                }
                if (property != null) {
                    Names.requireProperty(property);
                }
            } catch (VaultException e) {
                throw binding.invalid(e.getMessage());
            }
            if (env == null && property == null) {
                throw binding.invalid("a binding needs env or property");
            }
            bindings.add(new Binding(key, env, property));
        }
        return new Profile(name, bindings);
    }

    /** A node and its path in the document, for messages such as {@code keys[2].versions[0].number: …}. */
    private static final class Field {
        final JsonNode node;
        final String path;

        Field(JsonNode node, String path) {
            this.node = node;
            this.path = path;
        }

        Field field(String name) {
            JsonNode child = node.get(name);
            return new Field(child, path.isEmpty() ? name : path + "." + name);
        }

        boolean present() {
            return node != null && !node.isNull();
        }

        VaultException invalid(String problem) {
            return new VaultException(Failure.INVALID_INPUT, (path.isEmpty() ? "document" : path) + ": " + problem);
        }

        /** An object whose field names are all in {@code allowed} (null: any name). */
        void requireObject(Set<String> allowed) throws VaultException {
            if (!present() || !node.isObject()) {
                throw invalid(present() ? "expected an object" : "missing");
            }
            if (allowed != null) {
                for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!allowed.contains(name)) {
                        throw invalid("unknown field " + Names.quote(name));
                    }
                }
            }
        }

        String text() throws VaultException {
            if (!present()) {
                throw invalid("missing");
            }
            if (!node.isTextual()) {
                throw invalid("expected text");
            }
            String text = node.textValue();
            if (text.length() > KeyMetadata.MAX_TEXT) {
                throw invalid("longer than " + KeyMetadata.MAX_TEXT + " characters");
            }
            return text;
        }

        String optionalText() throws VaultException {
            return present() ? text() : null;
        }

        int integer(int min, int max) throws VaultException {
            if (!present()) {
                throw invalid("missing");
            }
            if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
                throw invalid("expected a whole number from " + min + " to " + max);
            }
            return node.intValue();
        }

        Instant instant() throws VaultException {
            String text = text();
            try {
                return Instant.parse(text);
            } catch (DateTimeException e) {
                throw invalid("expected a time such as 2026-01-31T12:00:00Z");
            }
        }

        LocalDate date() throws VaultException {
            try {
                return DayPeriods.parseDate(text());
            } catch (VaultException e) {
                throw invalid("expected a date YYYY-MM-DD");
            }
        }

        List<Field> array() throws VaultException {
            if (!present()) {
                throw invalid("missing");
            }
            if (!node.isArray()) {
                throw invalid("expected a list");
            }
            List<Field> items = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                items.add(new Field(node.get(i), path + "[" + i + "]"));
            }
            return items;
        }

        List<Field> optionalArray() throws VaultException {
            return present() ? array() : List.of();
        }

        /** A value: never echoed, whatever is wrong with it. */
        Secret secret() throws VaultException {
            if (!present() || !node.isTextual()) {
                throw invalid(present() ? "expected text" : "missing (secrets is plaintext, so every version has a value)");
            }
            String text = node.textValue();
            if (!wellFormed(text)) {
                throw invalid("not valid Unicode text");
            }
            try {
                return Secret.ofUtf8(text.getBytes(StandardCharsets.UTF_8));
            } catch (VaultException e) {
                throw invalid(e.getMessage());
            }
        }

        private static boolean wellFormed(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }
    }
}
