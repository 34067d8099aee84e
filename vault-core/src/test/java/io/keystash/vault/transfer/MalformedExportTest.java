package io.keystash.vault.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.keystash.vault.Failure;
import io.keystash.vault.SeededCases;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.unlock.KeyFileKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The malformed-input corpus for export documents, in JSON and in YAML: every case is refused
 * with INVALID_INPUT and a message that names where (a line or a field) and never repeats a
 * value. Content cases are mutations of a real plaintext export, written in both formats.
 */
class MalformedExportTest {
    /** Fragments of the fixture's values: no error message may contain one. */
    private static final List<String> VALUE_FRAGMENTS = List.of("first-value", "second-value", "third-value", "multi\nline");

    @TempDir
    static Path dir;

    private static ObjectNode valid;

    @BeforeAll
    static void aRealExport() throws Exception {
        VaultStore source = TransferFixtures.sourceVault(dir);
        try (KeyFileKey key = TransferFixtures.sourceKey(dir)) {
            byte[] json = TransferFixtures.exportBytes(source, key, SecretsMode.PLAINTEXT, TransferFormat.JSON);
            valid = (ObjectNode) new ObjectMapper().readTree(json);
        }
    }

    private static ObjectNode key0(ObjectNode root) {
        return (ObjectNode) root.get("keys").get(1); // "openai": the key with every field
    }

    private static ObjectNode version(ObjectNode root, int index) {
        return (ObjectNode) key0(root).get("versions").get(index);
    }

    private static ObjectNode binding0(ObjectNode root) {
        return (ObjectNode) root.get("profiles").get(0).get("bindings").get(0);
    }

    /** Content mutations and the field the message must name. */
    private static Map<String, Mutation> contentCases() {
        Map<String, Mutation> cases = new java.util.LinkedHashMap<>();
        cases.put("no marker", new Mutation("not a Keystash export", r -> r.remove(ExportReader.MARKER)));
        cases.put("newer major", new Mutation("keystash-export: export format 2 was written by a newer Keystash", r -> r.put(ExportReader.MARKER, 2)));
        cases.put("marker as text", new Mutation("keystash-export: expected a whole number", r -> r.put(ExportReader.MARKER, "1")));
        cases.put("marker as fraction", new Mutation("keystash-export: expected a whole number", r -> r.put(ExportReader.MARKER, 1.5)));
        cases.put("unknown secrets mode", new Mutation("secrets: expected none, sealed or plaintext", r -> r.put("secrets", "maybe")));
        cases.put("unknown top field", new Mutation("document: unknown field 'extra'", r -> r.put("extra", 1)));
        cases.put("keys as object", new Mutation("keys: expected a list", r -> r.putObject("keys")));
        cases.put("name as number", new Mutation("keys[1].name: expected text", r -> key0(r).put("name", 42)));
        cases.put("invalid key name", new Mutation("keys[1].name: invalid key name 'bad name'", r -> key0(r).put("name", "bad name")));
        cases.put("versions as text", new Mutation("keys[1].versions: expected a list", r -> key0(r).put("versions", "v")));
        cases.put("no versions", new Mutation("keys[1].versions: a key has at least one version", r -> key0(r).putArray("versions")));
        cases.put("version number as text", new Mutation("keys[1].versions[0].number: expected a whole number", r -> version(r, 0).put("number", "1")));
        cases.put("versions not growing", new Mutation("keys[1].versions[1].number: version numbers must grow", r -> version(r, 1).put("number", 1)));
        cases.put("bad time", new Mutation("keys[1].versions[0].created: expected a time", r -> version(r, 0).put("created", "yesterday")));
        cases.put("bad expiry date", new Mutation("keys[1].expires: expected a date", r -> key0(r).put("expires", "2031-02-30")));
        cases.put("tags as text", new Mutation("keys[1].tags: expected a list", r -> key0(r).put("tags", "prod")));
        cases.put("invalid tag", new Mutation("keys[1]: invalid tag 'bad tag!'", r -> ((ArrayNode) key0(r).get("tags")).add("bad tag!")));
        cases.put("setting as number", new Mutation("keys[1].settings.OPENAI_ORG_ID: expected text", r -> ((ObjectNode) key0(r).get("settings")).put("OPENAI_ORG_ID", 5)));
        cases.put("invalid setting name", new Mutation("keys[1]: invalid environment variable name '1BAD'", r -> ((ObjectNode) key0(r).get("settings")).put("1BAD", "x")));
        cases.put("keep zero", new Mutation("keys[1].keep: expected a whole number from 1", r -> key0(r).put("keep", 0)));
        cases.put("negative rotation", new Mutation("keys[1].rotateEveryDays: expected a whole number from 1", r -> key0(r).put("rotateEveryDays", -1)));
        cases.put("unknown provider", new Mutation("keys[1].provider: unknown provider 'nope'", r -> key0(r).put("provider", "nope")));
        cases.put("bad rate limit", new Mutation("keys[1].rateLimit: invalid rate limit 'fast'", r -> key0(r).put("rateLimit", "fast")));
        cases.put("unknown key field", new Mutation("keys[1]: unknown field 'colour'", r -> key0(r).put("colour", "red")));
        cases.put("huge description", new Mutation("keys[1].description: longer than 4096", r -> key0(r).put("description", "d".repeat(5000))));
        cases.put("duplicate key", new Mutation("keys[2].name: key 'openai' appears twice", r -> ((ArrayNode) r.get("keys")).add(key0(r).deepCopy())));
        cases.put("duplicate profile", new Mutation("profiles[2].name: profile 'dev' appears twice",
                r -> ((ArrayNode) r.get("profiles")).add(r.get("profiles").get(0).deepCopy())));
        cases.put("invalid profile name", new Mutation("profiles[0].name: invalid profile name 'a/b'", r -> ((ObjectNode) r.get("profiles").get(0)).put("name", "a/b")));
        cases.put("invalid binding variable", new Mutation("profiles[0].bindings[0]: invalid environment variable name '1X'", r -> binding0(r).put("env", "1X")));
        cases.put("invalid binding property", new Mutation("profiles[0].bindings[0]: invalid system property name 'a=b'", r -> binding0(r).put("property", "a=b")));
        cases.put("binding to a missing key", new Mutation("profiles[0].bindings[0].key: no key named 'ghost' in this export", r -> binding0(r).put("key", "ghost")));
        cases.put("binding without target", new Mutation("profiles[0].bindings[0]: a binding needs env or property", r -> {
            binding0(r).remove("env");
            binding0(r).remove("property");
        }));
        cases.put("missing value", new Mutation("keys[1].versions[0].value: missing", r -> version(r, 0).remove("value")));
        cases.put("empty value", new Mutation("keys[1].versions[0].value: the value is empty", r -> version(r, 0).put("value", "")));
        cases.put("value as number", new Mutation("keys[1].versions[0].value: expected text", r -> version(r, 0).put("value", 123)));
        cases.put("value over 64 KiB", new Mutation("keys[1].versions[0].value: the value is 65537 bytes", r -> version(r, 0).put("value", "v".repeat(65537))));
        cases.put("lone surrogate value", new Mutation("keys[1].versions[0].value: not valid Unicode", r -> version(r, 0).put("value", "a\uD800b")));
        cases.put("values without plaintext", new Mutation("keys[0].versions[0].value: values are only allowed when secrets is plaintext", r -> r.put("secrets", "none")));
        cases.put("sealed without sealed part", new Mutation("sealed: missing", r -> r.put("secrets", "sealed")));
        cases.put("bad base64", new Mutation("sealed: not valid base64", r -> {
            r.put("secrets", "sealed");
            r.put("sealed", "!!!not base64!!!");
        }));
        cases.put("sealed part in a plaintext export", new Mutation("sealed: only allowed when secrets is sealed", r -> r.put("sealed", "AAAA")));
        cases.put("no totals (cut short)", new Mutation("totals: missing", r -> r.remove("totals")));
        cases.put("wrong totals", new Mutation("totals: the file holds 2 keys and 2 profiles", r -> ((ObjectNode) r.get("totals")).put("keys", 3)));
        return cases;
    }

    private record Mutation(String message, Consumer<ObjectNode> change) {
    }

    @TestFactory
    Stream<DynamicTest> contentErrorsAreRefusedNamingTheField() {
        List<DynamicTest> tests = new ArrayList<>();
        for (TransferFormat format : List.of(TransferFormat.JSON, TransferFormat.YAML)) {
            contentCases().forEach((name, mutation) -> {
                if (format == TransferFormat.YAML && name.equals("lone surrogate value")) {
                    return; // YAML cannot even write a lone surrogate; JSON can, with an escape
                }
                tests.add(DynamicTest.dynamicTest(format + ": " + name, () -> {
                ObjectNode root = valid.deepCopy();
                mutation.change().accept(root);
                assertRefused(write(root, format), format, mutation.message());
            }));
            });
        }
        return tests.stream();
    }

    private static byte[] write(JsonNode root, TransferFormat format) {
        try {
            ObjectMapper mapper = format == TransferFormat.YAML ? new YAMLMapper() : new ObjectMapper();
            return mapper.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertRefused(byte[] content, TransferFormat format, String message) {
        assertThatThrownBy(() -> ExportReader.read(content, format))
                .isInstanceOfSatisfying(VaultException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT);
                    assertThat(e.getMessage()).startsWith(message);
                    for (String fragment : VALUE_FRAGMENTS) {
                        assertThat(e.getMessage().contains(fragment)).as("message repeats a value").isFalse();
                    }
                    assertThat(e.getMessage()).doesNotContain("\n");
                });
    }

    @TestFactory
    Stream<DynamicTest> jsonSyntaxErrorsAreRefusedNamingTheLine() {
        String text = new String(write(valid, TransferFormat.JSON), StandardCharsets.UTF_8);
        Map<String, String[]> cases = new java.util.LinkedHashMap<>();
        cases.put("empty", new String[] {"", "the file is empty"});
        cases.put("blank", new String[] {" \n\t\n", "the file is empty"});
        for (int percent : new int[] {1, 10, 50, 90, 99}) {
            cases.put("truncated at " + percent + "%", new String[] {text.substring(0, text.length() * percent / 100), "not valid JSON at line"});
        }
        cases.put("a list", new String[] {"[1, 2]", "not a Keystash export"});
        cases.put("a string", new String[] {"\"sk-first-value\"", "not a Keystash export"});
        cases.put("trailing content", new String[] {text + "{}", "not valid JSON at line"});
        cases.put("duplicate field", new String[] {text.replaceFirst("\"secrets\"", "\"secrets\" : \"none\", \"secrets\""), "a field appears twice at line 1, column"});
        cases.put("unquoted value", new String[] {text.replaceFirst("\"sk-first-value-aaaaaaaaaaaaaaaa\"", "sk-first-value-aaaaaaaaaaaaaaaa"), "not valid JSON at line"});
        cases.put("deep nesting", new String[] {"{\"keystash-export\": 1, \"x\": " + "[".repeat(200) + "]".repeat(200) + "}", "not a Keystash export: nested deeper than 32"});
        return cases.entrySet().stream().map(c -> DynamicTest.dynamicTest(c.getKey(),
                () -> assertRefused(c.getValue()[0].getBytes(StandardCharsets.UTF_8), TransferFormat.JSON, c.getValue()[1])));
    }

    @TestFactory
    Stream<DynamicTest> yamlSyntaxErrorsAreRefused() {
        String text = new String(write(valid, TransferFormat.YAML), StandardCharsets.UTF_8);
        int insideValue = text.indexOf("sk-first-value") + 5;
        Map<String, String[]> cases = new java.util.LinkedHashMap<>();
        cases.put("empty", new String[] {"", "the file is empty"});
        cases.put("truncated inside a quoted value", new String[] {text.substring(0, insideValue), "not valid YAML"});
        cases.put("truncated before the totals", new String[] {text.substring(0, text.indexOf("totals:")), "totals: missing"});
        cases.put("a scalar", new String[] {"sk-first-value\n", "not a Keystash export"});
        cases.put("duplicate key", new String[] {text.replaceFirst("secrets:", "secrets: \"none\"\nsecrets:"), "a field appears twice"});
        cases.put("bad indentation", new String[] {text.replaceFirst("\nkeys:", "\n   keys:"), "not valid YAML"});
        StringBuilder bomb = new StringBuilder("keystash-export: 1\na0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (int level = 1; level < 10; level++) {
            String previous = "*a" + (level - 1);
            bomb.append('a').append(level).append(": &a").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, previous))).append("]\n");
        }
        // 9^10 nodes if aliases were expanded; refused at the first alias, before any tree is built.
        cases.put("alias bomb", new String[] {bomb.toString(), "not a Keystash export: it uses YAML aliases (*name), which an export never holds (line 3)"});
        cases.put("java type tag", new String[] {"keystash-export: 1\nx: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://localhost/\"]]]]\n", "document: unknown field 'x'"});
        return cases.entrySet().stream().map(c -> DynamicTest.dynamicTest(c.getKey(),
                () -> assertRefused(c.getValue()[0].getBytes(StandardCharsets.UTF_8), TransferFormat.YAML, c.getValue()[1])));
    }

    @TestFactory
    Stream<DynamicTest> binaryGarbageIsRefusedInEveryFormat() {
        return SeededCases.cases(0xB1AA_0001L, 30, random -> {
            byte[] garbage = SeededCases.bytes(random, 1 + random.nextInt(4096));
            for (TransferFormat format : List.of(TransferFormat.JSON, TransferFormat.YAML)) {
                assertThatThrownBy(() -> ExportReader.read(garbage, format))
                        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT));
            }
            assertThatThrownBy(() -> DotenvParser.parse(withBinaryByte(garbage, random)))
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT));
        });
    }

    /** Random bytes almost never parse as a .env file; a NUL byte makes sure. */
    private static byte[] withBinaryByte(byte[] garbage, SplittableRandom random) {
        byte[] copy = garbage.clone();
        copy[random.nextInt(copy.length)] = 0;
        return copy;
    }

    @Test
    void filesAboveTheCapAreRefusedBeforeParsing(@TempDir Path folder) throws IOException {
        Path big = folder.resolve("big.json");
        Files.write(big, new byte[ImportFile.MAX_BYTES + 1]);
        assertThatThrownBy(() -> ImportFile.read(big))
                .isInstanceOfSatisfying(VaultException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT);
                    assertThat(e.getMessage()).endsWith("is larger than 16777216 bytes (16 MiB), the most Keystash imports");
                });
        Path missing = folder.resolve("missing.env");
        assertThatThrownBy(() -> ImportFile.read(missing))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND));
    }
}
