package io.keystash.it.reliability;

import io.keystash.it.support.Artifacts;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import io.keystash.it.support.ProcessResult;
import io.keystash.vault.Secret;
import io.keystash.vault.VaultStore;
import io.keystash.vault.format.Header;
import io.keystash.vault.format.VaultCodec;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.IdentityKey;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.Passphrase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a reload leaves in the heap: the agent unlocks the vault again with the same credential at
 * each new generation, on its reload thread. After a rotation has reached the program, a full heap
 * dump (unreachable objects included) must hold none of the secrets {@link KeyMaterialInHeapIT}
 * searches for — the vault's data key and purpose keys, the key-encryption key, the key file's key,
 * the identity, the passphrase and what it derives. One JVM per way of unlocking, on each JDK found.
 */
class ReloadKeyMaterialIT {
    @TempDir
    Path folder;

    static List<Object[]> cases() {
        List<Object[]> cases = new ArrayList<>();
        for (Jdk jdk : Jdks.matrix()) {
            for (KeyMaterialInHeapIT.Unlock unlock : KeyMaterialInHeapIT.Unlock.values()) {
                if (unlock == KeyMaterialInHeapIT.Unlock.SESSION) {
                    continue; // a session's reply is checked by KeyMaterialInHeapIT; here the three ways a reload reopens by itself
                }
                cases.add(new Object[] {jdk, unlock});
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void afterAReloadTheHeapHoldsNoKeyMaterial(Jdk jdk, KeyMaterialInHeapIT.Unlock unlock) throws Exception {
        Jdks.assumePresent(jdk);
        Path vaultFile = folder.resolve("vault");
        Path keyFile = folder.resolve("app.key");
        Path identityFile = folder.resolve("app.identity");
        Path passphraseFile = folder.resolve("passphrase");
        VaultStore store = VaultStore.at(VaultPaths.of(vaultFile));
        try (KeyFileKey key = KeyFileKey.generate(); IdentityKey identity = IdentityKey.generate();
             Passphrase passphrase = new Passphrase(KeyMaterialInHeapIT.PASSPHRASE.toCharArray(), "test")) {
            key.writeNew(keyFile);
            identity.writeNew(identityFile, Instant.now());
            store.create(List.of(key, passphrase), KeyMaterialInHeapIT.KDF);
            store.update(key, vault -> {
                vault.storeKey("openai", KeyMetadata.builder().provider("openai").build(),
                        Secret.ofUtf8("sk-reload-heap-first-0123456789".getBytes(StandardCharsets.UTF_8)), "t");
                vault.createProfile("default");
                vault.bind("default", new Binding("openai", "OPENAI_API_KEY", null));
                vault.addMember("server", identity.recipient());
                return null;
            });
        }
        Files.writeString(passphraseFile, KeyMaterialInHeapIT.PASSPHRASE);
        Files.setPosixFilePermissions(passphraseFile, PosixFilePermissions.fromString("rw-------"));

        String option = switch (unlock) {
            case KEY_FILE -> "keyfile=" + keyFile;
            case IDENTITY -> "identity=" + identityFile;
            case PASSPHRASE -> "passphrase-file=" + passphraseFile;
            case SESSION -> throw new IllegalArgumentException("not a case of this test");
        };
        Path dump = folder.resolve("agent.hprof");
        JavaLaunch.RunningProgram program = JavaLaunch.on(jdk)
                .agent(Artifacts.agentJar(), "profile=default,vault=" + vaultFile + "," + option)
                .env("KEYSTASH_HOME", folder.resolve("home").toString())
                .classPath(Artifacts.testClasses())
                .main(ReloadedKeyMaterialProbeMain.class, "OPENAI_API_KEY", dump.toString())
                .startAndAwait("ready");
        Thread.sleep(1000); // the reload thread's watch is in place half a second after premain
        try (KeyFileKey key = KeyFileKey.read(keyFile)) {
            store.update(key, vault -> {
                vault.addVersion("openai", Secret.ofUtf8("sk-reload-heap-second-987654321".getBytes(StandardCharsets.UTF_8)),
                        "t", "rotated by the test");
                return null;
            });
        }
        ProcessResult run = program.finish();
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).as("the rotation reached the program").contains("reloaded=true");

        // The secrets, derived by the test from the vault as it is now (the data key is the same across versions).
        KeyMaterialScan scan = new KeyMaterialScan();
        Header header = VaultCodec.parse(Files.readAllBytes(vaultFile)).header();
        try (Credential credential = switch (unlock) {
            case KEY_FILE -> KeyFileKey.read(keyFile);
            case IDENTITY -> IdentityKey.read(identityFile);
            case PASSPHRASE -> new Passphrase(KeyMaterialInHeapIT.PASSPHRASE.toCharArray(), "test");
            case SESSION -> throw new IllegalArgumentException("not a case of this test");
        }) {
            KeyMaterialInHeapIT.addSecretsOf(scan, header, credential);
        }
        scan.scan(dump);
        Files.deleteIfExists(dump);
        assertThat(scan.arraysScanned).as("the dump reader found arrays").isGreaterThan(1000);
        Map<String, Integer> found = scan.found();
        Summary.note("key material in an agent-run JVM's heap after a reload (" + jdk + ", " + unlock + ", all objects): "
                + (found.isEmpty() ? "none" : found.toString()));
        assertThat(KeyMaterialScan.withoutX25519Scratch(found)).as("key material left in the heap (secret → copies)").isEmpty();
    }
}
