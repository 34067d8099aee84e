package io.keystash.vault.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultStore;
import io.keystash.vault.identity.Recipient;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.IdentityKey;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.UnlockSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pins the vault format with committed test vectors ({@code src/test/resources/vectors/}): each
 * vector is decoded by {@link IndependentReader}, written from FORMAT.md with JDK classes only,
 * and by vault-core itself, and both must equal the vector's committed {@code expected.json} with
 * every credential that comes with it. A change to vault-core that silently alters how a vault is
 * laid out, derived, sealed or encoded fails here, and so does a FORMAT.md that no longer says how
 * to read what Keystash writes.
 *
 * <p>Failure messages name the JSON paths that differ, never the values (the vectors' values are
 * fake, but a test prints no secret).
 */
class VectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every vector, so that one lost from the resources fails rather than goes unchecked. */
    private static final List<String> VECTORS = List.of("v1-symmetric", "v2-symmetric", "v3", "v3-argon2id",
            "v3-upgraded-from-v2");

    static Stream<String> vectors() {
        return VECTORS.stream();
    }

    @Test
    void theVectorsFolderHoldsEveryVectorAndNothingElse() throws Exception {
        TreeSet<String> folders = new TreeSet<>();
        try (Stream<Path> list = Files.list(root())) {
            list.filter(Files::isDirectory).forEach(folder -> folders.add(folder.getFileName().toString()));
        }
        assertThat(folders).containsExactlyElementsOf(new TreeSet<>(VECTORS));
    }

    @Test
    void theVectorsCoverEveryFormatSlotKindAndRecordKind() throws Exception {
        List<Integer> majors = new ArrayList<>();
        TreeSet<String> slotKinds = new TreeSet<>();
        TreeSet<String> records = new TreeSet<>();
        for (String vector : VECTORS) {
            JsonNode expected = expected(vector);
            majors.add(expected.get("major").asInt());
            for (JsonNode slot : expected.get("slots")) {
                slotKinds.add("type " + slot.get("type").asInt() + " kind " + slot.get("kind").asInt()
                        + (slot.has("kdf") ? " kdf " + slot.get("kdf").get("id").asInt() : ""));
            }
            expected.fieldNames().forEachRemaining(records::add);
            for (JsonNode key : expected.get("keys")) {
                if (key.get("versions").size() >= 2) {
                    records.add("a key with 2+ versions");
                }
            }
            for (JsonNode profile : expected.get("profiles")) {
                if (!profile.get("bindings").isEmpty()) {
                    records.add("a profile with bindings");
                }
            }
        }
        assertThat(majors).contains(1, 2, 3);
        assertThat(slotKinds).contains("type 3 kind 1 kdf 1", "type 3 kind 1 kdf 2", "type 3 kind 2", "type 3 kind 3",
                "type 1 kind 1 kdf 2", "type 2 kind 2");
        assertThat(records).contains("members", "auditKeys", "exposures", "a key with 2+ versions", "a profile with bindings");
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void theIndependentReaderDecodesTheVectorWithEachCredential(String vector) throws Exception {
        byte[] file = vaultBytes(vector);
        JsonNode expected = expected(vector);
        List<IndependentReader.Credential> credentials = independentCredentials(vector);
        assertThat(credentials).as("credentials of " + vector).isNotEmpty();
        for (IndependentReader.Credential credential : credentials) {
            String what = vector + " opened with a " + credential.getClass().getSimpleName();
            if (credential instanceof IndependentReader.Passphrase && usesArgon2id(expected)) {
                // The JDK has no Argon2id: the slot is parsed and its caps checked, nothing derived.
                assertThatThrownBy(() -> IndependentReader.read(file, credential))
                        .isInstanceOf(IndependentReader.Argon2idUnavailable.class);
                continue;
            }
            IndependentReader.Result result = IndependentReader.read(file, credential);
            assertThat(differences(expected, normalized(result.contents()))).as(what).isEmpty();
            IndependentReader.Unlocked unlocked = result.unlocked();
            if (unlocked.slot().type() == 3) {
                // The public key the credential derives is the one the member list keeps for its slot.
                assertThat(memberPublicKey(expected, unlocked.slot().id())).as(what)
                        .isEqualTo(java.util.HexFormat.of().formatHex(unlocked.publicKey()));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void bothReadersParseTheClearPartAsExpected(String vector) throws Exception {
        byte[] file = vaultBytes(vector);
        JsonNode expected = expected(vector);
        JsonNode independent = normalized(IndependentReader.structure(IndependentReader.parse(file)));
        JsonNode vaultCore = normalized(VaultCoreView.structure(file));
        for (Iterator<String> fields = independent.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            assertThat(differences(expected.get(field), independent.get(field))).as(vector + " " + field).isEmpty();
        }
        assertThat(differences(independent, vaultCore)).as(vector).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void vaultCoreOpensTheVectorWithEachCredentialAndReadsWhatIsExpected(String vector, @TempDir Path dir) throws Exception {
        JsonNode expected = expected(vector);
        List<Path> credentialFiles = credentialFiles(vector);
        assertThat(credentialFiles).isNotEmpty();
        for (Path credentialFile : credentialFiles) {
            Path home = Files.createTempDirectory(dir, "home");
            Path vaultFile = home.resolve("vault");
            Files.write(vaultFile, vaultBytes(vector));
            Files.setPosixFilePermissions(vaultFile, PosixFilePermissions.fromString("rw-------"));
            VaultStore store = VaultStore.at(VaultPaths.of(vaultFile));
            try (Credential credential = vaultCoreCredential(credentialFile); Vault vault = store.open(credential)) {
                JsonNode read = normalized(VaultCoreView.describe(vaultBytes(vector), vault));
                assertThat(differences(expected, read)).as(vector + " opened with " + credentialFile.getFileName()).isEmpty();
            }
            assertThat(Files.readAllBytes(vaultFile)).as("opening changes nothing").isEqualTo(vaultBytes(vector));
        }
    }

    /**
     * The committed vectors pin how vault-core reads; this pins how it writes today: vaults made now
     * by the same steps as the format 3 vectors decode with the independent reader, with every
     * credential, to what vault-core reads back, and to the committed contents but for what is
     * random or names this machine (ids, public keys, audit keys, who added a member).
     */
    @ParameterizedTest
    @ValueSource(strings = {"v3", "v3-argon2id", "v3-upgraded-from-v2"})
    void aVaultWrittenNowDecodesWithTheIndependentReader(String vector, @TempDir Path dir) throws Exception {
        Path out = dir.resolve(vector);
        switch (vector) {
            case "v3" -> VectorGenerator.writeV3(out);
            case "v3-argon2id" -> VectorGenerator.writeArgon2id(out);
            default -> VectorGenerator.writeUpgraded(root().resolve("v2-symmetric"), out);
        }
        byte[] file = Files.readAllBytes(out.resolve("vault"));
        JsonNode written = JSON.readTree(out.resolve("expected.json").toFile());
        assertThat(written.get("major").asInt()).isEqualTo(3);
        assertThat(differences(withoutRandomParts(expected(vector)), withoutRandomParts(written))).as(vector).isEmpty();
        int opened = 0;
        for (IndependentReader.Credential credential : independentCredentials(out)) {
            if (credential instanceof IndependentReader.Passphrase && usesArgon2id(written)) {
                continue;
            }
            IndependentReader.Result result = IndependentReader.read(file, credential);
            assertThat(differences(written, normalized(result.contents())))
                    .as(vector + " written now, opened with a " + credential.getClass().getSimpleName()).isEmpty();
            opened++;
        }
        assertThat(opened).isGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void theIndependentReaderRefusesAChangedByteAnywhere(String vector) throws Exception {
        byte[] file = vaultBytes(vector);
        IndependentReader.Credential keyFile = new IndependentReader.KeyFile(
                IndependentReader.keyFile(Files.readString(root().resolve(vector).resolve("key-file.key"))));
        // One byte in the header (checksum), in the record table (file MAC) and in the MAC itself.
        int[] positions = {20, file.length - 40, file.length - 1};
        for (int position : positions) {
            byte[] changed = file.clone();
            changed[position] ^= 0x01;
            assertThatThrownBy(() -> IndependentReader.read(changed, keyFile)).as(vector + " byte " + position)
                    .isInstanceOf(IndependentReader.FormatError.class);
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void anIdentityFilesRecipientLineIsItsPublicKeyInBech32(String vector) throws Exception {
        Path identityFile = root().resolve(vector).resolve("identity.txt");
        if (!Files.exists(identityFile)) {
            return;
        }
        String text = Files.readString(identityFile, StandardCharsets.US_ASCII);
        String recipient = text.lines().filter(line -> line.startsWith("# recipient: ")).findFirst().orElseThrow()
                .substring("# recipient: ".length());
        byte[] publicKey = IndependentReader.publicKey(IndependentReader.identityFile(text));
        assertThat(IndependentReader.recipient(recipient)).isEqualTo(publicKey);
        assertThat(Recipient.parse(recipient).publicKey()).isEqualTo(publicKey);
        assertThat(Recipient.parse(recipient).encoded()).isEqualTo(recipient);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static Path root() throws URISyntaxException {
        return Path.of(VectorsTest.class.getResource("/vectors").toURI());
    }

    private static byte[] vaultBytes(String vector) throws Exception {
        return Files.readAllBytes(root().resolve(vector).resolve("vault"));
    }

    private static JsonNode expected(String vector) throws Exception {
        return JSON.readTree(root().resolve(vector).resolve("expected.json").toFile());
    }

    private static boolean usesArgon2id(JsonNode expected) {
        for (JsonNode slot : expected.get("slots")) {
            if (slot.has("kdf") && slot.get("kdf").get("id").asInt() == 1) {
                return true;
            }
        }
        return false;
    }

    private static String memberPublicKey(JsonNode expected, long slotId) {
        String id = String.format("%016x", slotId);
        for (JsonNode member : expected.path("members")) {
            if (member.get("slotId").asText().equals(id)) {
                return member.path("publicKey").asText(null);
            }
        }
        return null;
    }

    private static List<Path> credentialFiles(String vector) throws URISyntaxException {
        return credentialFiles(root().resolve(vector));
    }

    private static List<Path> credentialFiles(Path folder) {
        List<Path> out = new ArrayList<>();
        for (String name : List.of("passphrase.txt", "key-file.key", "identity.txt")) {
            Path file = folder.resolve(name);
            if (Files.exists(file)) {
                out.add(file);
            }
        }
        return out;
    }

    /** The credentials read by the test itself, as FORMAT.md and the CLI reference describe the files. */
    private static List<IndependentReader.Credential> independentCredentials(String vector) throws Exception {
        return independentCredentials(root().resolve(vector));
    }

    private static List<IndependentReader.Credential> independentCredentials(Path folder) throws Exception {
        List<IndependentReader.Credential> out = new ArrayList<>();
        for (Path file : credentialFiles(folder)) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            switch (file.getFileName().toString()) {
                case "passphrase.txt" -> out.add(new IndependentReader.Passphrase(
                        text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text));
                case "key-file.key" -> out.add(new IndependentReader.KeyFile(IndependentReader.keyFile(text)));
                default -> out.add(new IndependentReader.Identity(IndependentReader.identityFile(text)));
            }
        }
        return out;
    }

    /** The credentials read by vault-core's own readers of those files. */
    private static Credential vaultCoreCredential(Path file) throws Exception {
        return switch (file.getFileName().toString()) {
            case "passphrase.txt" -> UnlockSources.readPassphraseFile(file);
            case "key-file.key" -> KeyFileKey.read(file);
            default -> IdentityKey.read(file);
        };
    }

    /** A copy without what differs between two runs of the same steps: random ids and keys, the machine's name. */
    private static JsonNode withoutRandomParts(JsonNode contents) {
        ObjectNode copy = contents.deepCopy();
        copy.remove("vaultId");
        copy.withArray("slots").forEach(slot -> ((ObjectNode) slot).remove("id"));
        copy.withArray("members").forEach(member -> ((ObjectNode) member).remove(List.of("slotId", "publicKey", "addedBy")));
        copy.withObject("/auditKeys").withArray("past").forEach(key -> ((ObjectNode) key).remove("key"));
        copy.withArray("exposures").forEach(exposure -> ((ObjectNode) exposure).remove("removedBy"));
        return copy;
    }

    /** A tree of maps, lists, strings and numbers as JSON reads it back (so 5 and 5L compare equal). */
    private static JsonNode normalized(Map<String, Object> tree) throws Exception {
        return JSON.readTree(JSON.writeValueAsString(tree));
    }

    /** The JSON paths where {@code actual} differs from {@code expected}; no value is quoted. */
    static List<String> differences(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        compare("", expected, actual, out);
        return out;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> out) {
        if (expected == null || actual == null) {
            if (expected != actual) {
                out.add(path + (expected == null ? " is unexpected" : " is missing"));
            }
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                compare(path + "/" + name, expected.get(name), actual.get(name), out);
            }
        } else if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                out.add(path + " has " + actual.size() + " items, not " + expected.size());
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                compare(path + "/" + i, expected.get(i), actual.get(i), out);
            }
        } else if (!expected.equals(actual)) {
            out.add(path + " differs");
        }
    }

    @Test
    void theComparisonReportsEveryDifferenceByPath() throws Exception {
        JsonNode a = JSON.readTree("{\"keys\":[{\"value\":\"secret-one\",\"n\":1}],\"only\":true}");
        JsonNode b = JSON.readTree("{\"keys\":[{\"value\":\"secret-two\",\"n\":1}],\"extra\":2}");
        assertThat(differences(a, b)).containsExactly("/extra is unexpected", "/keys/0/value differs", "/only is missing");
        assertThat(differences(a, a)).isEmpty();
        assertThat(differences(a, b).toString()).doesNotContain("secret");
    }
}
