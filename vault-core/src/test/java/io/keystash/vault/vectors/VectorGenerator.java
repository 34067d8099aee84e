package io.keystash.vault.vectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystash.vault.Secret;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.crypto.Argon2idParams;
import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.crypto.KdfParams;
import io.keystash.vault.crypto.Pbkdf2Params;
import io.keystash.vault.format.Reseal;
import io.keystash.vault.format.SlotKind;
import io.keystash.vault.format.VaultCodec;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.RateLimit;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.IdentityKey;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.KeySlots;
import io.keystash.vault.unlock.Passphrase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How the committed format 3 (and format 1) test vectors were made; never run by the build. The
 * committed bytes are the fixture: running this again makes different vaults (fresh keys, salts
 * and nonces), which is why the test reads the files and never regenerates them.
 *
 * <p>Run from the repository root, after {@code ./mvnw -B -o -q -pl vault-core test-compile}:
 * <pre>
 * java -Duser.name=vectors -cp vault-core/target/test-classes:vault-core/target/classes:DEPENDENCIES \
 *     io.keystash.vault.vectors.VectorGenerator vault-core/src/test/resources/vectors
 * </pre>
 * It expects {@code v2-symmetric/} there already (written by the last Keystash that wrote format
 * 2, see {@code MakeFormat2.java.txt}), and writes {@code v3/}, {@code v3-argon2id/},
 * {@code v3-upgraded-from-v2/} and {@code v1-symmetric/}, each with its vault, its credentials and
 * {@code expected.json} as vault-core reads the vault back.
 */
public final class VectorGenerator {
    static final String PASSPHRASE_V3 = "vector passphrase, format 3 — ünïcödé ✓";
    static final String PASSPHRASE_ARGON2 = "vector passphrase, Argon2id";
    private static final Instant IDENTITY_CREATED = Instant.parse("2025-07-01T00:00:00Z");

    private VectorGenerator() {
    }

    /** Each reading of the time is one second after the last, so timestamps are predictable. */
    static final class StepClock extends Clock {
        private Instant next;

        StepClock(Instant start) {
            next = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public synchronized Instant instant() {
            Instant now = next;
            next = next.plusSeconds(1);
            return now;
        }

        /**
         * Gives back the reading the audit line of the last write took: the committed vectors were
         * made when these writes were not audited, and the times in the vault stay theirs.
         */
        synchronized void giveBackAuditReading() {
            next = next.minusSeconds(1);
        }
    }

    /** {@code store.update}, keeping the vault's timestamps off the audit log's reading of the clock. */
    private static void update(VaultStore store, StepClock clock, Credential credential, VaultStore.Change<?> change)
            throws VaultException {
        store.update(credential, change);
        clock.giveBackAuditReading();
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        writeV3(root.resolve("v3"));
        writeArgon2id(root.resolve("v3-argon2id"));
        writeUpgraded(root.resolve("v2-symmetric"), root.resolve("v3-upgraded-from-v2"));
        writeV1(root.resolve("v2-symmetric"), root.resolve("v1-symmetric"));
    }

    /**
     * Format 3 with every slot kind (a PBKDF2 passphrase, a key file, two identities), keys with
     * kept and pruned versions, two profiles, and a removed member: so it also holds the exposures
     * and audit-keys records that a rekey leaves.
     */
    static void writeV3(Path out) throws Exception {
        Files.createDirectories(out);
        writeCredentials(out, PASSPHRASE_V3);
        Path work = Files.createTempDirectory("vector-v3");
        StepClock clock = new StepClock(Instant.parse("2025-07-01T09:00:00.250Z"));
        VaultStore store = VaultStore.at(VaultPaths.of(work.resolve("vault"))).withClock(clock);
        try (Passphrase passphrase = passphrase(PASSPHRASE_V3); KeyFileKey keyFile = keyFile(out);
             IdentityKey alice = identity(out)) {
            store.create(List.<Credential>of(passphrase, keyFile, alice), List.of("passphrase", "build-server", "alice"),
                    new Pbkdf2Params(1000));
        }
        try (Passphrase passphrase = passphrase(PASSPHRASE_V3)) {
            update(store, clock, passphrase, vault -> {
                storeSampleKeys(vault, "FormatThree");
                return null;
            });
        }
        try (KeyFileKey keyFile = keyFile(out); IdentityKey bob = IdentityKey.generate();
             KeyFileKey oldLaptop = KeyFileKey.generate()) {
            update(store, clock, keyFile, vault -> {
                addSampleVersionsAndProfiles(vault, "FormatThree");
                vault.addMember("bob", bob.recipient());
                vault.addMember("old-laptop", oldLaptop);
                return null;
            });
        }
        try (IdentityKey alice = identity(out)) {
            update(store, clock, alice, vault -> {
                vault.removeMember("old-laptop", SlotKind.KEY_FILE);
                return null;
            });
            update(store, clock, alice, vault -> {
                vault.addVersion("unicode-secret", secret("nach dem Rekey: ünïcödé ✓"), "alice (vectors)", "rotate");
                return null;
            });
        }
        finish(store, out);
    }

    /** Format 3 whose passphrase slot uses Argon2id (cheap settings), with a key file and an identity. */
    static void writeArgon2id(Path out) throws Exception {
        Files.createDirectories(out);
        writeCredentials(out, PASSPHRASE_ARGON2);
        Path work = Files.createTempDirectory("vector-argon2id");
        VaultStore store = VaultStore.at(VaultPaths.of(work.resolve("vault")))
                .withClock(new StepClock(Instant.parse("2025-07-02T09:00:00.500Z")));
        KdfParams argon2id = new Argon2idParams(1024, 2, 1);
        try (Passphrase passphrase = passphrase(PASSPHRASE_ARGON2); KeyFileKey keyFile = keyFile(out);
             IdentityKey carol = identity(out)) {
            store.create(List.<Credential>of(passphrase, keyFile, carol), List.of("passphrase", "deploy", "carol"), argon2id);
        }
        try (KeyFileKey keyFile = keyFile(out)) {
            store.update(keyFile, vault -> {
                vault.storeKey("anthropic-dev", KeyMetadata.builder().provider("anthropic").env("ANTHROPIC_API_KEY").build(),
                        secret("sk-ant-vectorsArgonVersionOne000000"), "deploy (vectors)");
                vault.addVersion("anthropic-dev", secret("sk-ant-vectorsArgonVersionTwo000000"), "deploy (vectors)", "rotate");
                vault.createProfile("default");
                vault.bind("default", new Binding("anthropic-dev", "ANTHROPIC_API_KEY", "anthropic.key"));
                return null;
            });
        }
        finish(store, out);
    }

    /**
     * The format 2 vector opened with its key file and written once by this version: a format 3
     * file whose key-file slot became a recipient slot while its passphrase slot is still format
     * 2's type 1 slot, and whose members record has no public key for the passphrase.
     */
    static void writeUpgraded(Path v2, Path out) throws Exception {
        Files.createDirectories(out);
        Files.copy(v2.resolve("passphrase.txt"), out.resolve("passphrase.txt"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(v2.resolve("key-file.key"), out.resolve("key-file.key"), StandardCopyOption.REPLACE_EXISTING);
        Path work = Files.createTempDirectory("vector-upgraded");
        Path vaultFile = work.resolve("vault");
        Files.copy(v2.resolve("vault"), vaultFile);
        Files.setPosixFilePermissions(vaultFile, PosixFilePermissions.fromString("rw-------"));
        VaultStore store = VaultStore.at(VaultPaths.of(vaultFile))
                .withClock(new StepClock(Instant.parse("2025-07-03T09:00:00.750Z")));
        try (KeyFileKey keyFile = keyFile(out)) {
            store.update(keyFile, vault -> {
                vault.addVersion("unicode-secret", secret("written by format 3: ✓"), "key-file-1 (vectors)", "rotate");
                return null;
            });
        }
        finish(store, out);
    }

    /**
     * The format 2 vector as format 1 wrote it (major version 1, its single-hash file MAC): same
     * header, same records, so the same contents.
     */
    static void writeV1(Path v2, Path out) throws Exception {
        Files.createDirectories(out);
        Files.copy(v2.resolve("passphrase.txt"), out.resolve("passphrase.txt"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(v2.resolve("key-file.key"), out.resolve("key-file.key"), StandardCopyOption.REPLACE_EXISTING);
        byte[] format2 = Files.readAllBytes(v2.resolve("vault"));
        byte[] format1;
        try (KeyFileKey keyFile = keyFile(out);
             DataKey dataKey = KeySlots.unlock(VaultCodec.parse(format2).header(), keyFile).dataKey()) {
            format1 = Reseal.asFormat1(format2, dataKey.fileMacKey());
        }
        Files.write(out.resolve("vault"), format1);
        ObjectMapper json = new ObjectMapper();
        ObjectNode expected = (ObjectNode) json.readTree(v2.resolve("expected.json").toFile());
        expected.put("major", 1);
        json.enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("expected.json").toFile(), expected);
    }

    /** Three keys: one with every metadata field, one that prunes to two versions, one with a UTF-8 value. */
    static void storeSampleKeys(Vault vault, String tag) throws VaultException {
        vault.storeKey("openai-prod", KeyMetadata.builder().provider("openai")
                .description("every metadata field set").tags(List.of("prod", "vectors"))
                .endpoint("https://api.openai.example/v1").rateLimit(RateLimit.parse("60/min"))
                .setting("OPENAI_ORG_ID", "org-vectors").setting("OPENAI_BASE_URL", "https://api.openai.example/v1")
                .expires(LocalDate.of(2031, 1, 1)).rotateEveryDays(90).env("OPENAI_API_KEY")
                .property("openai.api.key").keep(5).rotateCommand("rotate-openai --print")
                .validateCommand("validate-openai --stdin").build(),
                secret("sk-vectors" + tag + "OpenaiVersionOne"), "passphrase (vectors)");
        vault.storeKey("pruned-token", KeyMetadata.builder().keep(2).build(),
                secret("pruned token, version 1 (not kept)"), "passphrase (vectors)");
        vault.storeKey("unicode-secret", KeyMetadata.builder().description("UTF-8 value: ✓").build(),
                secret("pässwörd ✓ 🔑 — 秘密"), "passphrase (vectors)");
    }

    static void addSampleVersionsAndProfiles(Vault vault, String tag) throws VaultException {
        vault.addVersion("openai-prod", secret("sk-vectors" + tag + "OpenaiVersionTwo"), "build-server (vectors)", "rotate");
        vault.addVersion("pruned-token", secret("pruned token, version 2"), "build-server (vectors)", "rotate");
        vault.addVersion("pruned-token", secret("pruned token, version 3"), "build-server (vectors)", "rollback");
        vault.createProfile("dev");
        vault.bind("dev", new Binding("openai-prod", "OPENAI_API_KEY", "openai.api.key"));
        vault.bind("dev", new Binding("unicode-secret", "UNICODE_SECRET", null));
        vault.createProfile("ci");
        vault.bind("ci", new Binding("pruned-token", null, "pruned.token"));
    }

    /** A passphrase file, a new key file and a new identity file in {@code out}. */
    private static void writeCredentials(Path out, String passphrase) throws IOException, VaultException {
        Files.writeString(out.resolve("passphrase.txt"), passphrase + "\n", StandardCharsets.UTF_8);
        Files.deleteIfExists(out.resolve("key-file.key"));
        try (KeyFileKey key = KeyFileKey.generate()) {
            key.writeNew(out.resolve("key-file.key"));
        }
        Files.deleteIfExists(out.resolve("identity.txt"));
        try (IdentityKey key = IdentityKey.generate()) {
            key.writeNew(out.resolve("identity.txt"), IDENTITY_CREATED);
        }
    }

    /** Copies the vault next to its credentials and writes expected.json as vault-core reads it back. */
    private static void finish(VaultStore store, Path out) throws Exception {
        byte[] file = store.readFile();
        Files.write(out.resolve("vault"), file);
        Map<String, Object> expected;
        try (KeyFileKey keyFile = keyFile(out); Vault vault = store.open(file, keyFile)) {
            expected = VaultCoreView.describe(file, vault);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("expected.json").toFile(), expected);
        Arrays.fill(file, (byte) 0);
    }

    private static Passphrase passphrase(String text) {
        return new Passphrase(text.toCharArray(), "vector passphrase");
    }

    private static KeyFileKey keyFile(Path dir) throws VaultException {
        return KeyFileKey.read(dir.resolve("key-file.key"));
    }

    private static IdentityKey identity(Path dir) throws VaultException {
        return IdentityKey.read(dir.resolve("identity.txt"));
    }

    private static Secret secret(String text) throws VaultException {
        return Secret.ofUtf8(text.getBytes(StandardCharsets.UTF_8));
    }
}
