package io.keystash.vault;

import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.sharing.Offer;
import io.keystash.vault.sharing.Outgoing;
import io.keystash.vault.sharing.SharedStore;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static io.keystash.vault.TestVaults.custom;
import static io.keystash.vault.TestVaults.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writes through a shared store, with the store in memory: two machines (a replica and a state
 * folder each) publish to it, a stale one's change is checked against the newer copy and run again
 * or refused, and a copy that is not a successor of the replica is refused. The real store (etcd)
 * is tested in it-tests; this is the rule, without a network.
 */
class VaultStoreSharingTest {
    @TempDir
    Path dir;

    private final MemoryStore memory = new MemoryStore();
    private Machine alice;
    private Machine bob;

    /** One file and a revision that every accepted write moves on. */
    private static final class MemoryStore {
        byte[] file;
        long revision;
        boolean down;
        /** When set, every offer is answered with this "newer" file (a store that misbehaves). */
        byte[] servedInstead;
    }

    /** A machine: its replica's store, its key file, and the store revision its replica equals. */
    private final class Machine implements SharedStore {
        final VaultStore store;
        final Path keyFile;
        long base;

        Machine(String name) throws Exception {
            Path home = Files.createDirectories(dir.resolve(name));
            this.store = VaultStore.at(VaultPaths.of(home.resolve("vault"), home)).sharedThrough(() -> this);
            this.keyFile = home.resolve("key");
        }

        KeyFileKey key() throws VaultException {
            return KeyFileKey.read(keyFile);
        }

        @Override
        public Offer offer(Outgoing outgoing) throws VaultException {
            if (memory.down) {
                throw new VaultException(Failure.IO, "the store is unreachable; nothing was written");
            }
            if (memory.servedInstead != null) {
                return new Offer.Moved(memory.servedInstead.clone(), memory.revision + 1);
            }
            if (memory.file == null || memory.revision == base) {
                memory.file = outgoing.file().toByteArray();
                memory.revision++;
                return new Offer.Published(memory.revision);
            }
            return new Offer.Moved(memory.file.clone(), memory.revision);
        }

        @Override
        public void settled(long generation, Offer offer) {
            if (offer instanceof Offer.Published published) {
                base = published.revision();
            } else if (offer instanceof Offer.Moved moved) {
                base = moved.revision();
            }
        }

        /** Takes the store's copy as a pull does. */
        void pull() throws Exception {
            try (KeyFileKey key = key()) {
                store.acceptStoreCopy(memory.file.clone(), key);
            }
            base = memory.revision;
        }

        String value(String name) throws Exception {
            try (KeyFileKey key = key(); Vault vault = store.open(key); Secret value = vault.value(name)) {
                return value.reveal();
            }
        }

        void store(String name, String value) throws Exception {
            try (KeyFileKey key = key()) {
                store.update(key, vault -> vault.storeKey(name, custom(), secret(value), "test"));
            }
        }

        void rotate(String name, String value) throws Exception {
            try (KeyFileKey key = key()) {
                store.update(key, vault -> vault.addVersion(name, secret(value), "test", "rotate"));
            }
        }

        byte[] replica() throws Exception {
            return Files.readAllBytes(store.paths().vaultFile());
        }
    }

    @BeforeEach
    void twoMachinesShareOneVault() throws Exception {
        alice = new Machine("alice");
        bob = new Machine("bob");
        try (KeyFileKey aliceKey = KeyFileKey.generate(); KeyFileKey bobKey = KeyFileKey.generate()) {
            aliceKey.writeNew(alice.keyFile);
            bobKey.writeNew(bob.keyFile);
            VaultStore.at(alice.store.paths()).create(aliceKey, null);
            try (KeyFileKey key = alice.key()) {
                alice.store.update(key, vault -> vault.addMember("bob", bobKey));
            }
        }
        alice.store("shared", "v1");
        bob.pull();
    }

    @Test
    void aStaleMachinesChangeToAnotherKeyIsRunAgainOnTheNewerCopy() throws Exception {
        alice.store("alice-key", "from alice");
        long revision = memory.revision;
        bob.store("bob-key", "from bob");

        assertThat(memory.revision).isEqualTo(revision + 1);
        assertThat(bob.value("alice-key")).isEqualTo("from alice");
        assertThat(bob.value("bob-key")).isEqualTo("from bob");
        alice.pull();
        assertThat(alice.value("bob-key")).isEqualTo("from bob");
    }

    @Test
    void aStaleMachinesChangeToTheSameKeyIsRefusedNamingWhoChangedIt() throws Exception {
        alice.rotate("shared", "alice's");
        long revision = memory.revision;

        assertThatThrownBy(() -> bob.rotate("shared", "bob's"))
                .isInstanceOfSatisfying(VaultException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.CONFLICT);
                    assertThat(e.getMessage()).contains("key 'shared' was changed on the store by key-file since your last pull");
                });
        assertThat(memory.revision).as("nothing of bob's was published").isEqualTo(revision);
        assertThat(bob.replica()).as("bob's replica holds the store's copy").isEqualTo(memory.file);
        assertThat(bob.value("shared")).isEqualTo("alice's");
        bob.rotate("shared", "bob's, on purpose");
        assertThat(bob.value("shared")).isEqualTo("bob's, on purpose");
    }

    @Test
    void twoMachinesAddingTheSameNewKeyConflict() throws Exception {
        alice.store("new", "a");
        assertThatThrownBy(() -> bob.store("new", "b"))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.CONFLICT));
        assertThat(bob.value("new")).isEqualTo("a");
    }

    @Test
    void aRekeyOnTheStoreIsNotAConflictForOtherKeysButIsForTheSame() throws Exception {
        try (KeyFileKey key = alice.key()) {
            alice.store.update(key, vault -> {
                vault.requestRekey();
                return null;
            });
        }
        bob.store("after-rekey", "lands");
        assertThat(bob.value("after-rekey")).isEqualTo("lands");

        try (KeyFileKey key = alice.key()) {
            alice.store.update(key, vault -> {
                vault.requestRekey();
                vault.addVersion("shared", secret("rekeyed and rotated"), "test", "rotate");
                return null;
            });
        }
        assertThatThrownBy(() -> bob.rotate("shared", "bob's"))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.getMessage()).contains("key 'shared'"));
    }

    @Test
    void anUnreachableStoreWritesNothing() throws Exception {
        byte[] before = bob.replica();
        memory.down = true;
        assertThatThrownBy(() -> bob.store("k", "v"))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.IO));
        assertThat(bob.replica()).isEqualTo(before);
    }

    @Test
    void anOlderCopyFromTheStoreIsRefusedAndTheReplicaKept() throws Exception {
        byte[] old = memory.file.clone();
        alice.store("later", "x");
        bob.pull();
        byte[] before = bob.replica();
        memory.servedInstead = old;
        assertThatThrownBy(() -> bob.store("k", "v"))
                .isInstanceOfSatisfying(VaultException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.OLDER);
                    assertThat(e.getMessage()).contains("older");
                });
        assertThat(bob.replica()).isEqualTo(before);
        try (KeyFileKey key = bob.key()) {
            assertThatThrownBy(() -> bob.store.acceptStoreCopy(old, key))
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.OLDER));
        }
        assertThat(bob.replica()).isEqualTo(before);
    }

    @Test
    void aTamperedCopyFromTheStoreIsRefused() throws Exception {
        alice.store("later", "x");
        byte[] tampered = memory.file.clone();
        tampered[tampered.length - 100] ^= 1;
        memory.servedInstead = tampered;
        byte[] before = bob.replica();
        assertThatThrownBy(() -> bob.store("k", "v"))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.DAMAGED));
        assertThat(bob.replica()).isEqualTo(before);
    }

    @Test
    void aCopyOfAnotherVaultIsNeverTakenForTheReplica() throws Exception {
        Machine other = new Machine("other");
        try (KeyFileKey key = bob.key()) {
            VaultStore.at(other.store.paths()).create(key, null);
        }
        byte[] foreign = other.replica();
        byte[] before = bob.replica();
        memory.servedInstead = foreign;
        assertThatThrownBy(() -> bob.store("k", "v"))
                .isInstanceOfSatisfying(VaultException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.CONFLICT);
                    assertThat(e.getMessage()).contains("another vault");
                });
        try (KeyFileKey key = bob.key()) {
            assertThatThrownBy(() -> bob.store.acceptStoreCopy(foreign, key))
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.CONFLICT));
        }
        assertThat(bob.replica()).isEqualTo(before);
    }

    @Test
    void aStoreThatNeverSettlesEndsTheWriteAfterBoundedTries() throws Exception {
        memory.servedInstead = memory.file.clone();
        assertThatThrownBy(() -> bob.store("k", "v"))
                .isInstanceOfSatisfying(VaultException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.BUSY);
                    assertThat(e.getMessage()).contains(VaultStore.MAX_ATTEMPTS + " times");
                });
    }

    @Test
    void aMachineWithOnlyItsKeyCreatesItsReplicaFromTheStore() throws Exception {
        Machine carol = new Machine("carol");
        Files.copy(bob.keyFile, carol.keyFile);
        Files.setPosixFilePermissions(carol.keyFile, PosixFilePermissions.fromString("rw-------"));
        assertThat(carol.store.exists()).isFalse();
        carol.pull();
        assertThat(carol.value("shared")).isEqualTo("v1");
        try (KeyFileKey key = KeyFileKey.generate()) {
            assertThatThrownBy(() -> new Machine("dave").store.acceptStoreCopy(memory.file, key))
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.WRONG_KEY));
        }
        assertThat(Files.exists(dir.resolve("dave").resolve("vault"))).isFalse();
    }

    @Test
    void everySharedWriteRecordsItsWriter() throws Exception {
        bob.store("by-bob", "x");
        try (KeyFileKey key = alice.key(); Vault vault = alice.store.open(memory.file, key)) {
            assertThat(vault.lastWrite()).hasValueSatisfying(write -> assertThat(write.member()).isEqualTo("bob"));
            KeyEntry entry = vault.key("by-bob");
            assertThat(entry.current().number()).isEqualTo(1);
        }
    }

    @Test
    void labelsAreDescribedByWhatTheyName() {
        assertThat(ChangeFootprint.describe("key\0openai")).isEqualTo("key 'openai'");
        assertThat(ChangeFootprint.describe("value\0openai\0" + "3")).isEqualTo("key 'openai'");
        assertThat(ChangeFootprint.describe("profile\0prod")).isEqualTo("profile 'prod'");
    }
}
