package io.keystash.vault;

import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.format.Reseal;
import io.keystash.vault.format.VaultCodec;
import io.keystash.vault.storage.AtomicFile;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.KeySlots;
import io.keystash.vault.unlock.Passphrase;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static io.keystash.vault.TestVaults.FAST_KDF;
import static io.keystash.vault.TestVaults.custom;
import static io.keystash.vault.TestVaults.passphrase;
import static io.keystash.vault.TestVaults.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The vault as a file: wrong keys, versions, failed writes and permissions. */
class VaultStoreFilesTest {
    @TempDir
    Path dir;

    private static VaultException failure(ThrowingCallable call, Failure expected) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(expected));
        return (VaultException) thrown;
    }

    private VaultStore vaultWithOneKey() throws Exception {
        VaultStore store = TestVaults.keyFileVault(dir);
        try (KeyFileKey key = TestVaults.keyFile(dir)) {
            store.update(key, vault -> vault.storeKey("k", custom(), secret("value-1"), "t"));
        }
        return store;
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private boolean holdsValue1(VaultStore store) throws Exception {
        try (KeyFileKey key = TestVaults.keyFile(dir); Vault vault = store.open(key);
             Secret value = vault.value("k"); Secret want = secret("value-1")) {
            return value.sameValueAs(want);
        }
    }

    // ---- wrong keys -----------------------------------------------------------------------------

    @Test
    void wrongKeyFileIsAWrongKeyAndNothingRuns() throws Exception {
        VaultStore store = vaultWithOneKey();
        byte[] before = Files.readAllBytes(dir.resolve("vault"));
        AtomicBoolean ran = new AtomicBoolean();
        try (KeyFileKey wrong = KeyFileKey.generate()) {
            VaultException e = failure(() -> store.open(wrong), Failure.WRONG_KEY);
            assertThat(e).hasMessageStartingWith("wrong passphrase or key").hasMessageNotContaining("value-1");
            failure(() -> store.update(wrong, vault -> {
                ran.set(true);
                return null;
            }), Failure.WRONG_KEY);
        }
        assertThat(ran).as("the change never saw a vault").isFalse();
        assertThat(Files.readAllBytes(dir.resolve("vault"))).isEqualTo(before);
    }

    @Test
    void passphraseAgainstAKeyFileOnlyVaultIsAWrongKey() throws Exception {
        VaultStore store = vaultWithOneKey();
        try (Passphrase pass = passphrase("anything")) {
            assertThat(failure(() -> store.open(pass), Failure.WRONG_KEY)).hasMessageStartingWith("wrong passphrase or key");
        }
    }

    @Test
    void wrongPassphraseAndKeyFileAgainstAPassphraseVault() throws Exception {
        VaultStore store = VaultStore.at(VaultPaths.of(dir.resolve("vault")));
        try (Passphrase pass = passphrase("right")) {
            store.create(pass, FAST_KDF);
        }
        try (Passphrase wrong = passphrase("wrong"); KeyFileKey key = KeyFileKey.generate()) {
            assertThat(failure(() -> store.open(wrong), Failure.WRONG_KEY)).hasMessageStartingWith("wrong passphrase or key");
            assertThat(failure(() -> store.open(key), Failure.WRONG_KEY)).hasMessageStartingWith("wrong passphrase or key");
        }
    }

    @Test
    void missingVaultIsNotFound() {
        VaultStore store = VaultStore.at(VaultPaths.of(dir.resolve("none")));
        try (KeyFileKey key = KeyFileKey.generate()) {
            assertThat(failure(() -> store.open(key), Failure.NOT_FOUND)).hasMessageContaining("keystash init");
        }
    }

    // ---- versions -------------------------------------------------------------------------------

    @Test
    void newerMajorVersionIsRefusedAndTheFileIsUntouched() throws Exception {
        VaultStore store = vaultWithOneKey();
        Path file = dir.resolve("vault");
        byte[] bytes = Files.readAllBytes(file);
        bytes[8] = (byte) (VaultCodec.MAJOR + 1);
        Files.write(file, bytes);
        try (KeyFileKey key = TestVaults.keyFile(dir)) {
            assertThat(failure(() -> store.open(key), Failure.UNSUPPORTED_VERSION)).hasMessageContaining("newer");
            failure(() -> store.update(key, vault -> vault.storeKey("x", custom(), secret("y"), "t")), Failure.UNSUPPORTED_VERSION);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("vault", "vault.lock", "app.key", "state", "audit.log");
        }
    }

    @Test
    void newerMinorVersionIsReadButNeverWritten() throws Exception {
        VaultStore store = vaultWithOneKey();
        Path file = dir.resolve("vault");
        byte[] bytes = Files.readAllBytes(file);
        bytes[9] = 1;
        // a newer Keystash wrote this file: checksum and MAC are right for it
        Reseal.checksum(bytes);
        try (KeyFileKey key = TestVaults.keyFile(dir); DataKey dataKey = KeySlots.unlock(VaultCodec.parse(bytes).header(), key).dataKey()) {
            Reseal.mac(bytes, dataKey.fileMacKey());
        }
        Files.write(file, bytes);
        assertThat(holdsValue1(store)).isTrue();
        try (KeyFileKey key = TestVaults.keyFile(dir)) {
            assertThat(failure(() -> store.update(key, vault -> vault.storeKey("x", custom(), secret("y"), "t")),
                    Failure.UNSUPPORTED_VERSION)).hasMessageContaining("newer");
            int keys = store.update(key, vault -> vault.keyNames().size());
            assertThat(keys).as("an update that changes nothing is fine").isEqualTo(1);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    }

    // ---- failed writes --------------------------------------------------------------------------

    @Test
    void aWriteThatFailsBeforeTheRenameLeavesTheOldVaultAndNoTempFile() throws Exception {
        VaultStore store = vaultWithOneKey();
        byte[] before = Files.readAllBytes(dir.resolve("vault"));
        VaultStore failing = store.withAtomicFile(new AtomicFile((from, to) -> {
            assertThat(from.getParent()).as("temp file in the vault's folder").isEqualTo(to.getParent());
            assertThat(mode(from)).as("temp file is 0600 from the start").isEqualTo("rw-------");
            assertThat(Files.size(from)).as("temp file was fully written").isGreaterThan(before.length);
            throw new IOException("simulated");
        }));
        try (KeyFileKey key = TestVaults.keyFile(dir)) {
            assertThat(failure(() -> failing.update(key, vault -> vault.storeKey("new", custom(), secret("v"), "t")), Failure.IO))
                    .hasMessageContaining("simulated");
        }
        assertThat(Files.readAllBytes(dir.resolve("vault"))).isEqualTo(before);
        assertThat(holdsValue1(store)).isTrue();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("vault", "vault.lock", "app.key", "state", "audit.log");
        }
        try (KeyFileKey key = TestVaults.keyFile(dir)) {
            store.update(key, vault -> vault.storeKey("new", custom(), secret("v"), "t"));
            try (Vault vault = store.open(key)) {
                assertThat(vault.keyNames()).containsExactly("k", "new");
            }
        }
    }

    // ---- permissions ----------------------------------------------------------------------------

    @Test
    void everythingCreatedIsOwnerOnly() throws Exception {
        Path home = dir.resolve("home").resolve(".keystash");
        VaultStore store = VaultStore.at(VaultPaths.of(home.resolve("vault")));
        Path keyFile = dir.resolve("app.key");
        try (KeyFileKey key = KeyFileKey.generate()) {
            key.writeNew(keyFile);
            store.create(key, null);
            store.update(key, vault -> vault.storeKey("k", custom(), secret("v"), "t"));
        }
        assertThat(mode(home)).isEqualTo("rwx------");
        assertThat(mode(home.getParent())).as("missing parents too").isEqualTo("rwx------");
        assertThat(mode(home.resolve("vault"))).isEqualTo("rw-------");
        assertThat(mode(home.resolve("vault.lock"))).isEqualTo("rw-------");
        assertThat(mode(keyFile)).isEqualTo("rw-------");
    }

    @Test
    void aVaultOthersCanReadIsRefusedWithTheFix() throws Exception {
        VaultStore store = vaultWithOneKey();
        Path file = dir.resolve("vault");
        for (String mode : new String[] {"rw-r-----", "rw----r--", "rw--w----", "rw-------"}) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            try (KeyFileKey key = TestVaults.keyFile(dir)) {
                if (mode.equals("rw-------")) {
                    assertThat(holdsValue1(store)).isTrue();
                } else {
                    assertThat(failure(() -> store.open(key), Failure.IO)).as(mode)
                            .hasMessageContaining("chmod 600").hasMessageContaining(file.toString());
                    failure(() -> store.update(key, vault -> vault.storeKey("x", custom(), secret("y"), "t")), Failure.IO);
                }
            }
        }
    }
}
