package io.keystash.vault;

import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.storage.OtherUser;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.rotation.Rotator;
import io.keystash.vault.rotation.MetadataEdit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static io.keystash.vault.TestVaults.custom;
import static io.keystash.vault.TestVaults.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Another local user against a vault kept in a folder they may write to: the vault folder
 * ({@code --vault}, {@code KEYSTASH_HOME}) is refused, and so are companions that user planted
 * there before the owner tightened the folder (an audit log to read key names from, a backups
 * folder to take backups out of, a lock file to hold). Nothing is written through them.
 */
class SharedFolderTest {
    @TempDir
    Path dir;
    Path shared;
    KeyFileKey key;

    @BeforeEach
    void sharedFolder() throws Exception {
        Files.setAttribute(dir, "unix:mode", 0755); // another user may reach the shared folder
        shared = Files.createDirectory(dir.resolve("shared"));
        Files.setAttribute(shared, "unix:mode", 0777);
        key = KeyFileKey.generate();
    }

    private static VaultException refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        VaultException e = catchThrowableOfType(VaultException.class, call);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.failure()).isEqualTo(Failure.IO);
        return e;
    }

    @Test
    void aVaultIsNeitherCreatedNorOpenedInAFolderOthersMayWrite() throws Exception {
        VaultStore store = VaultStore.at(VaultPaths.of(shared.resolve("prod.ks")));
        assertThat(refused(() -> store.create(key, null)))
                .hasMessage("vault folder " + shared + " is writable by other users (mode rwxrwxrwx), who could plant or "
                        + "replace Keystash's files there; run: chmod go-w " + shared);
        try (var files = Files.list(shared)) {
            assertThat(files).as("nothing written").isEmpty();
        }

        Files.setAttribute(shared, "unix:mode", 0700);
        store.create(key, null);
        Files.setAttribute(shared, "unix:mode", 0770); // later made group-writable
        assertThat(refused(() -> store.open(key).close())).hasMessageStartingWith("vault folder " + shared + " is writable");
        assertThat(refused(() -> store.update(key, vault -> vault.storeKey("k", custom(), secret("v"), "t"))))
                .hasMessageStartingWith("vault folder " + shared + " is writable");
    }

    @Test
    void aKeystashHomeOthersMayWriteIsRefused() throws Exception {
        VaultStore store = VaultStore.at(VaultPaths.resolve(null, Map.of(VaultPaths.HOME_VARIABLE, shared.toString()), "/nowhere"));
        assertThat(refused(() -> store.create(key, null))).hasMessageStartingWith("vault folder " + shared + " is writable");
    }

    @Test
    void companionsPlantedByAnotherUserAreRefusedAndNeverWrittenThrough() throws Exception {
        OtherUser.assumeAvailable();
        OtherUser.run("umask 000 && cd '" + shared + "' && touch prod.ks.audit.log && mkdir prod.ks.backups");
        Files.setAttribute(shared, "unix:mode", 0700); // the owner tightens the folder; the planted files stay
        VaultStore store = VaultStore.at(VaultPaths.of(shared.resolve("prod.ks")));
        Path log = shared.resolve("prod.ks.audit.log");
        Path backups = shared.resolve("prod.ks.backups");
        assertThat(refused(() -> store.create(key, null)))
                .hasMessageStartingWith("audit log " + log + " belongs to another user (uid " + OtherUser.UID + ")");
        Files.delete(log);
        assertThat(refused(() -> store.create(key, null)))
                .hasMessageStartingWith("backups folder " + backups + " belongs to another user (uid " + OtherUser.UID + ")");
        assertThat(shared.resolve("prod.ks")).as("no vault made beside planted files").doesNotExist();
        Files.delete(backups);
        store.create(key, null);
        store.update(key, AuditEvent.of("store").key("k"), vault -> vault.storeKey("k", custom(), secret("v"), "t"));

        // the folder open again for a moment, and both planted again
        Files.setAttribute(shared, "unix:mode", 0777);
        OtherUser.run("umask 000 && cd '" + shared + "' && mkdir prod.ks.backups && touch other.audit.log && "
                + "mv other.audit.log prod.ks.audit.log.planted");
        Files.setAttribute(shared, "unix:mode", 0700);
        byte[] before = Files.readAllBytes(shared.resolve("prod.ks"));
        Rotator rotator = Rotator.withDiscoveredProviders(store, Clock.systemUTC());
        assertThat(refused(() -> rotator.rotate(key, "k", secret("v2"), MetadataEdit.NONE)))
                .hasMessageStartingWith("backups folder " + backups + " belongs to another user (uid " + OtherUser.UID + ")");
        try (var files = Files.list(backups)) {
            assertThat(files).as("no backup in the planted folder").isEmpty();
        }
        assertThat(Files.readAllBytes(shared.resolve("prod.ks"))).as("vault unchanged").isEqualTo(before);

        Files.move(shared.resolve("prod.ks.audit.log.planted"), log, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(refused(() -> store.update(key, AuditEvent.of("store").key("k2"),
                vault -> vault.storeKey("k2", custom(), secret("v"), "t"))))
                .hasMessageStartingWith("audit log " + log + " belongs to another user (uid " + OtherUser.UID + ")");
        assertThat(Files.size(log)).as("no key name written to the planted log").isZero();
        assertThat(Files.readAllBytes(shared.resolve("prod.ks"))).as("vault unchanged").isEqualTo(before);
    }

    @Test
    void aLockFilePlantedByAnotherUserIsRefused() throws Exception {
        OtherUser.assumeAvailable();
        OtherUser.run("umask 000 && touch '" + shared.resolve("prod.ks.lock") + "'");
        Files.setAttribute(shared, "unix:mode", 0700);
        VaultStore store = VaultStore.at(VaultPaths.of(shared.resolve("prod.ks")));
        assertThat(refused(() -> store.create(key, null)))
                .hasMessageStartingWith("lock file " + shared.resolve("prod.ks.lock") + " belongs to another user");
        assertThat(shared.resolve("prod.ks")).doesNotExist();
    }

    @Test
    void aVaultFolderOfAnotherUserIsRefused() throws Exception {
        OtherUser.assumeAvailable();
        Files.setAttribute(shared, "unix:mode", 0755);
        VaultStore mine = VaultStore.at(VaultPaths.of(shared.resolve("prod.ks")));
        mine.create(key, null);
        Files.setAttribute(shared, "unix:uid", OtherUser.UID);
        assertThat(refused(() -> mine.open(key).close()))
                .hasMessageStartingWith("vault folder " + shared + " belongs to another user (uid " + OtherUser.UID + ")");
    }
}
