package io.keystash.vault.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystash.vault.Secret;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.KeyVersion;
import io.keystash.vault.model.Profile;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Writes an {@link ExportDocument} as JSON or YAML, in the layout {@link ExportReader} reads
 * (docs/import-export.md). Absent fields are left out rather than written as null.
 */
public final class ExportWriter {
    private ExportWriter() {
    }

    /** The document's bytes (UTF-8, ending with a newline). */
    public static byte[] write(ExportDocument document, TransferFormat format) {
        if (format == TransferFormat.DOTENV) {
            throw new IllegalArgumentException("exports are written as JSON or YAML");
        }
        ObjectMapper mapper = format == TransferFormat.YAML ? DocumentMappers.YAML : DocumentMappers.JSON;
        ObjectNode root = mapper.createObjectNode();
        root.put(ExportReader.MARKER, ExportDocument.VERSION);
        root.put("exported", document.exported().toString());
        root.put("secrets", document.secrets().id());
        ArrayNode keys = root.putArray("keys");
        for (ExportedKey key : document.keys()) {
            keys.add(key(mapper, key));
        }
        ArrayNode profiles = root.putArray("profiles");
        for (Profile profile : document.profiles()) {
            ObjectNode node = profiles.addObject();
            node.put("name", profile.name());
            ArrayNode bindings = node.putArray("bindings");
            for (Binding binding : profile.bindings()) {
                ObjectNode b = bindings.addObject().put("key", binding.key());
                putIfPresent(b, "env", binding.env());
                putIfPresent(b, "property", binding.property());
            }
        }
        if (document.sealed() != null) {
            root.put("sealed", Base64.getEncoder().encodeToString(document.sealed()));
        }
        // Last on purpose: a file cut short loses it, and the reader refuses a document without it.
        root.putObject("totals").put("keys", document.keys().size()).put("profiles", document.profiles().size());
        try {
            String text = mapper.writeValueAsString(root);
            return (text.endsWith("\n") ? text : text + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the export document", e);
        }
    }

    private static ObjectNode key(ObjectMapper mapper, ExportedKey exported) {
        KeyEntry entry = exported.entry();
        KeyMetadata m = entry.metadata();
        ObjectNode node = mapper.createObjectNode();
        node.put("name", entry.name());
        node.put("created", entry.created().toString());
        node.put("provider", m.provider());
        putIfPresent(node, "description", m.description());
        ArrayNode tags = node.putArray("tags");
        m.tags().forEach(tags::add);
        putIfPresent(node, "endpoint", m.endpoint());
        putIfPresent(node, "rateLimit", m.rateLimit() == null ? null : m.rateLimit().toString());
        ObjectNode settings = node.putObject("settings");
        for (Map.Entry<String, String> setting : m.settings().entrySet()) {
            settings.put(setting.getKey(), setting.getValue());
        }
        putIfPresent(node, "expires", m.expires() == null ? null : m.expires().toString());
        if (m.rotateEveryDays() != null) {
            node.put("rotateEveryDays", m.rotateEveryDays());
        }
        putIfPresent(node, "env", m.env());
        putIfPresent(node, "property", m.property());
        node.put("keep", m.keep());
        putIfPresent(node, "rotateCommand", m.rotateCommand());
        putIfPresent(node, "validateCommand", m.validateCommand());
        ArrayNode versions = node.putArray("versions");
        for (KeyVersion version : entry.versions()) {
            ObjectNode v = versions.addObject();
            v.put("number", version.number());
            v.put("created", version.created().toString());
            putIfPresent(v, "createdBy", version.createdBy());
            putIfPresent(v, "origin", version.origin());
            if (exported.hasValues()) {
                Secret value = exported.values().get(version.number());
                v.put("value", value.reveal());
            }
        }
        return node;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
