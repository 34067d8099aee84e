package io.keystash.it.reliability;

import io.keystash.it.support.Artifacts;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.ProcessResult;
import io.keystash.vault.VaultStore;
import io.keystash.vault.crypto.Argon2idParams;
import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.crypto.Hkdf;
import io.keystash.vault.crypto.X25519Wrap;
import io.keystash.vault.format.Header;
import io.keystash.vault.format.KeySlot;
import io.keystash.vault.format.RecipientSlot;
import io.keystash.vault.format.SlotKind;
import io.keystash.vault.format.VaultCodec;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.IdentityKey;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.KeySlots;
import io.keystash.vault.unlock.Passphrase;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an agent leaves in the heap: after its start, a full heap dump of the program — unreachable
 * objects included — must hold no data key, purpose key, key-encryption key, key-file key,
 * identity or passphrase; only the values it serves. The test derives every one of those secrets
 * itself from the vault and the credentials, and searches the dump for each, in byte, int, long
 * and char arrays (a cipher's key schedule keeps the key in its first words). One JVM per way of
 * unlocking, on each JDK found; through an unlock session (the real {@code keystash unlock}, with
 * the key file), the data key reaches the agent in a socket's reply, which must not stay either.
 */
class KeyMaterialInHeapIT {
    static final String PASSPHRASE = "heap-test passphrase, long enough to search for";
    static final Argon2idParams KDF = new Argon2idParams(8 * 1024, 1, 1);

    @TempDir
    Path folder;

    enum Unlock { KEY_FILE, IDENTITY, PASSPHRASE, SESSION }

    static List<Object[]> cases() {
        List<Object[]> cases = new ArrayList<>();
        for (Jdk jdk : Jdks.matrix()) {
            for (Unlock unlock : Unlock.values()) {
                cases.add(new Object[] {jdk, unlock});
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void afterTheAgentsStartTheHeapHoldsNoKeyMaterial(Jdk jdk, Unlock unlock) throws Exception {
        Jdks.assumePresent(jdk);
        Path vaultFile = folder.resolve("vault");
        Path keyFile = folder.resolve("app.key");
        Path identityFile = folder.resolve("app.identity");
        Path passphraseFile = folder.resolve("passphrase");
        VaultStore store = VaultStore.at(VaultPaths.of(vaultFile));
        try (KeyFileKey key = KeyFileKey.generate(); IdentityKey identity = IdentityKey.generate();
             Passphrase passphrase = new Passphrase(PASSPHRASE.toCharArray(), "test")) {
            key.writeNew(keyFile);
            identity.writeNew(identityFile, Instant.now());
            store.create(List.of(key, passphrase), KDF);
            store.update(key, vault -> {
                vault.storeKey("openai", KeyMetadata.builder().provider("openai").build(),
                        io.keystash.vault.Secret.ofUtf8("sk-heap-test-value-0123456789".getBytes(StandardCharsets.UTF_8)), "t");
                vault.createProfile("default");
                vault.bind("default", new Binding("openai", "OPENAI_API_KEY", null));
                vault.addMember("server", identity.recipient());
                return null;
            });
        }
        Files.writeString(passphraseFile, PASSPHRASE);
        Files.setPosixFilePermissions(passphraseFile, PosixFilePermissions.fromString("rw-------"));

        KeyMaterialScan scan = new KeyMaterialScan();
        Header header = VaultCodec.parse(Files.readAllBytes(vaultFile)).header();
        String option;
        try (Credential credential = switch (unlock) {
            case KEY_FILE, SESSION -> KeyFileKey.read(keyFile);
            case IDENTITY -> IdentityKey.read(identityFile);
            case PASSPHRASE -> new Passphrase(PASSPHRASE.toCharArray(), "test");
        }) {
            option = switch (unlock) {
                case KEY_FILE -> "keyfile=" + keyFile;
                case IDENTITY -> "identity=" + identityFile;
                case PASSPHRASE -> "passphrase-file=" + passphraseFile;
                case SESSION -> "session=auto";
            };
            addSecretsOf(scan, header, credential);
        }

        Path runtime = Files.createDirectories(folder.resolve("runtime"));
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        KeystashCli cli = new KeystashCli(folder.resolve("cli")).env("KEYSTASH_HOME", folder.resolve("home").toString())
                .env("XDG_RUNTIME_DIR", runtime.toString());
        if (unlock == Unlock.SESSION) {
            KeystashCli.Result unlocked = cli.run("--vault", vaultFile.toString(), "--key-file", keyFile.toString(), "unlock");
            assertThat(unlocked.status()).as("keystash unlock: %s", unlocked).isZero();
        }
        Path dump = folder.resolve("agent.hprof");
        ProcessResult run;
        try {
            run = JavaLaunch.on(jdk)
                    .agent(Artifacts.agentJar(), "profile=default,vault=" + vaultFile + "," + option)
                    .env("KEYSTASH_HOME", folder.resolve("home").toString())
                    .env("XDG_RUNTIME_DIR", runtime.toString())
                    .classPath(Artifacts.testClasses())
                    .main(KeyMaterialProbeMain.class, "OPENAI_API_KEY", dump.toString())
                    .run();
        } finally {
            if (unlock == Unlock.SESSION) {
                cli.run("--vault", vaultFile.toString(), "lock");
            }
        }
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("read=true");
        scan.scan(dump);
        Files.deleteIfExists(dump);
        assertThat(scan.arraysScanned).as("the dump reader found arrays").isGreaterThan(1000);
        Map<String, Integer> found = scan.found();
        Summary.note("key material in an agent-run JVM's heap (" + jdk + ", " + unlock + ", all objects): "
                + (found.isEmpty() ? "none" : found.toString()));
        assertThat(KeyMaterialScan.withoutX25519Scratch(found)).as("key material left in the heap (secret → copies)").isEmpty();
    }

    /** Every secret the agent handles on the way from this credential to the data key and its purpose keys. */
    static void addSecretsOf(KeyMaterialScan scan, Header header, Credential credential) throws Exception {
        KeySlots.Unlocked unlocked = KeySlots.unlock(header, credential);
        try (DataKey dataKey = unlocked.dataKey()) {
            scan.bytes("data key", dataKey.rawForWrapping())
                    .bytes("record key", dataKey.recordKey())
                    .bytes("record id key", dataKey.recordIdKey())
                    .bytes("file MAC key", dataKey.fileMacKey())
                    .bytes("audit key", dataKey.auditKey());
        }
        byte[] privateKey;
        if (credential instanceof KeyFileKey keyFile) {
            scan.bytes("key file's key", keyFile.bytes())
                    .text("key file's text", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(keyFile.bytes()));
            privateKey = Hkdf.derive(keyFile.bytes(), null, "keystash v3 key file identity");
        } else if (credential instanceof IdentityKey identity) {
            privateKey = identity.privateKey().clone();
            scan.text("identity's text", io.keystash.vault.identity.SecretKeyText.encode(privateKey));
        } else {
            scan.text("passphrase", PASSPHRASE);
            RecipientSlot slot = (RecipientSlot) slotOf(header, SlotKind.PASSPHRASE);
            byte[] kdfOutput = slot.kdf().deriveKey(PASSPHRASE.toCharArray(), slot.salt());
            scan.bytes("passphrase KDF output", kdfOutput);
            privateKey = Hkdf.derive(kdfOutput, null, "keystash v3 passphrase identity");
        }
        scan.bytes("slot private key", privateKey);
        RecipientSlot opened = (RecipientSlot) unlocked.slot();
        byte[] shared = new byte[32];
        X25519.calculateAgreement(privateKey, 0, opened.ephemeralShare(), 0, shared, 0);
        scan.bytes("X25519 shared secret", shared);
        byte[] salt = Arrays.copyOf(opened.ephemeralShare(), 64);
        System.arraycopy(unlocked.publicKey(), 0, salt, 32, 32);
        scan.bytes("slot's key-encryption key", Hkdf.derive(shared, salt, X25519Wrap.INFO));
    }

    private static KeySlot slotOf(Header header, SlotKind kind) {
        return header.slots().stream().filter(s -> s.kind() == kind).findFirst().orElseThrow();
    }
}
