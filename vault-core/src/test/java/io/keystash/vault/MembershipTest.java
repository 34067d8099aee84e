package io.keystash.vault;

import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.audit.AuditVerification;
import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.format.Header;
import io.keystash.vault.format.KeySlot;
import io.keystash.vault.format.LegacyFormat;
import io.keystash.vault.format.ParsedVault;
import io.keystash.vault.format.SlotKind;
import io.keystash.vault.format.VaultCodec;
import io.keystash.vault.members.Exposure;
import io.keystash.vault.members.Member;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.IdentityKey;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.KeySlots;
import io.keystash.vault.unlock.Passphrase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.keystash.vault.TestVaults.FAST_KDF;
import static io.keystash.vault.TestVaults.custom;
import static io.keystash.vault.TestVaults.passphrase;
import static io.keystash.vault.TestVaults.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Members and revocation: identities as members, removal as a rekey that an older copy of the
 * vault cannot undo, a new passphrase likewise, the freshness rule, and format 2 vaults upgraded.
 */
class MembershipTest {
    @TempDir
    Path dir;

    private VaultStore store;
    private Path vaultFile;

    @BeforeEach
    void aliceMakesAVault() throws Exception {
        store = VaultStore.at(VaultPaths.of(dir.resolve("vault")));
        vaultFile = dir.resolve("vault");
        try (Passphrase alice = passphrase("alice's passphrase")) {
            store.create(List.of(alice), List.of("alice"), FAST_KDF);
            store.update(alice, vault -> vault.storeKey("openai", custom(), secret("sk-before"), "alice"));
        }
    }

    private <T> T asAlice(VaultStore.Change<T> change) throws VaultException {
        try (Passphrase alice = passphrase("alice's passphrase")) {
            return store.update(alice, change);
        }
    }

    private static boolean holds(Vault vault, String key, String value) throws VaultException {
        try (Secret actual = vault.value(key); Secret expected = secret(value)) {
            return actual.sameValueAs(expected);
        }
    }

    private static Failure failureOf(ThrowingRunnable action) {
        try {
            action.run();
        } catch (VaultException e) {
            return e.failure();
        } catch (Exception e) {
            throw new AssertionError("unexpected " + e.getClass().getSimpleName(), e);
        }
        return null;
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void anIdentityAddedByItsRecipientOpensTheVaultAndIsListedWithItsFingerprint() throws Exception {
        try (IdentityKey bob = IdentityKey.generate()) {
            asAlice(vault -> vault.addMember("bob", bob.recipient()));
            try (Vault vault = store.open(bob)) {
                assertThat(holds(vault, "openai", "sk-before")).isTrue();
                assertThat(vault.openedBy().name()).isEqualTo("bob");
                List<Member> members = vault.members();
                assertThat(members).extracting(Member::name).containsExactly("alice", "bob");
                assertThat(members).extracting(Member::kind).containsExactly(SlotKind.PASSPHRASE, SlotKind.IDENTITY);
                assertThat(members.get(1).fingerprint()).isEqualTo(bob.recipient().fingerprint());
                assertThat(members.get(1).addedBy()).startsWith("alice (");
            }
        }
    }

    @Test
    void aNameOrRecipientTwiceIsAlreadyExistsAndChangesNothing() throws Exception {
        try (IdentityKey bob = IdentityKey.generate(); IdentityKey other = IdentityKey.generate()) {
            asAlice(vault -> vault.addMember("bob", bob.recipient()));
            byte[] before = Files.readAllBytes(vaultFile);
            assertThat(failureOf(() -> asAlice(vault -> vault.addMember("bob", other.recipient())))).isEqualTo(Failure.ALREADY_EXISTS);
            assertThat(failureOf(() -> asAlice(vault -> vault.addMember("bob2", bob.recipient())))).isEqualTo(Failure.ALREADY_EXISTS);
            assertThat(failureOf(() -> asAlice(vault -> vault.addMember("bad name", other.recipient())))).isEqualTo(Failure.INVALID_INPUT);
            assertThat(Files.readAllBytes(vaultFile)).isEqualTo(before);
        }
    }

    @Test
    void aRemovedMemberOpensNothingWrittenAfterEvenWithAnOlderCopyOfTheVault() throws Exception {
        try (IdentityKey bob = IdentityKey.generate()) {
            asAlice(vault -> vault.addMember("bob", bob.recipient()));
            byte[] copyBobKept = Files.readAllBytes(vaultFile);

            // the attack works while no rekey happened: bob's old header, grafted onto a later file and
            // re-sealed with the data key his slot gives, reads a key stored after he made his copy
            asAlice(vault -> vault.storeKey("stored-between", custom(), secret("sk-between"), "alice"));
            assertThat(readThroughGraft(copyBobKept, Files.readAllBytes(vaultFile), bob, "stored-between"))
                    .as("control: the graft itself works").isNull();

            Map<String, Integer> exposed = asAlice(vault -> vault.removeMember("bob", null));
            assertThat(exposed).containsEntry("openai", 1).containsEntry("stored-between", 1);
            asAlice(vault -> vault.storeKey("stored-after", custom(), secret("sk-after"), "alice"));
            byte[] current = Files.readAllBytes(vaultFile);

            assertThat(failureOf(() -> store.open(bob).close())).isEqualTo(Failure.WRONG_KEY);
            assertThat(readThroughGraft(copyBobKept, current, bob, "stored-after"))
                    .as("after the rekey the old data key opens nothing of the new file").isIn(Failure.DAMAGED, Failure.NOT_FOUND);
            assertThat(readThroughGraft(copyBobKept, current, bob, "openai")).isIn(Failure.DAMAGED, Failure.NOT_FOUND);
        }
    }

    /**
     * Opens {@code headerSource}'s header grafted onto {@code recordsSource}'s records, re-sealed
     * with the data key {@code credential} gets from that header, and reads {@code key}: null when
     * the value came out, else the failure.
     */
    private Failure readThroughGraft(byte[] headerSource, byte[] recordsSource, Credential credential, String key) throws Exception {
        byte[] grafted = graft(headerSource, recordsSource);
        try (DataKey oldKey = KeySlots.unlock(VaultCodec.parse(grafted).header(), credential).dataKey()) {
            io.keystash.vault.format.Reseal.mac(grafted, oldKey.fileMacKey());
        }
        Path graftFile = dir.resolve("grafted");
        Files.write(graftFile, grafted);
        Files.setPosixFilePermissions(graftFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return failureOf(() -> {
            try (Vault vault = VaultStore.at(VaultPaths.of(graftFile)).acceptingOlder(true).open(credential)) {
                vault.value(key).close();
            }
        });
    }

    @Test
    void aNewPassphraseRekeysSoTheOldOneAndAnOldHeaderOpenNothingNew() throws Exception {
        byte[] before = Files.readAllBytes(vaultFile);
        try (Passphrase next = passphrase("new passphrase")) {
            asAlice(vault -> {
                vault.replacePassphrase(next, FAST_KDF, true);
                return null;
            });
        }
        try (Passphrase next = passphrase("new passphrase")) {
            store.update(next, vault -> vault.storeKey("later", custom(), secret("sk-later"), "alice"));
        }
        byte[] after = Files.readAllBytes(vaultFile);
        try (Passphrase old = passphrase("alice's passphrase")) {
            assertThat(failureOf(() -> store.open(old).close())).isEqualTo(Failure.WRONG_KEY);
            assertThat(readThroughGraft(before, after, old, "later")).isIn(Failure.DAMAGED, Failure.NOT_FOUND);
        }
        try (Passphrase next = passphrase("new passphrase"); Vault vault = store.open(next)) {
            assertThat(holds(vault, "openai", "sk-before")).isTrue();
            assertThat(vault.members()).extracting(Member::name).containsExactly("alice");
        }
    }

    @Test
    void theLastWayInCannotBeRemoved() throws Exception {
        byte[] before = Files.readAllBytes(vaultFile);
        assertThat(failureOf(() -> asAlice(vault -> vault.removeMember("alice", null)))).isEqualTo(Failure.CONFLICT);
        assertThat(failureOf(() -> asAlice(vault -> vault.removeMember("nobody", null)))).isEqualTo(Failure.NOT_FOUND);
        assertThat(Files.readAllBytes(vaultFile)).isEqualTo(before);
    }

    @Test
    void keyFileRemoveNamesKeyFilesOnly() throws Exception {
        try (KeyFileKey ci = KeyFileKey.generate(); IdentityKey server = IdentityKey.generate()) {
            asAlice(vault -> vault.addMember("ci", ci));
            asAlice(vault -> vault.addMember("server", server.recipient()));
            assertThat(failureOf(() -> asAlice(vault -> vault.removeMember("server", SlotKind.KEY_FILE)))).isEqualTo(Failure.NOT_FOUND);
            asAlice(vault -> vault.removeMember("ci", SlotKind.KEY_FILE));
            assertThat(failureOf(() -> store.open(ci).close())).isEqualTo(Failure.WRONG_KEY);
            try (Vault vault = store.open(server)) {
                assertThat(holds(vault, "openai", "sk-before")).isTrue();
            }
        }
    }

    @Test
    void anExposureListsTheKeysUntilEachIsRotated() throws Exception {
        try (IdentityKey bob = IdentityKey.generate()) {
            asAlice(vault -> vault.storeKey("hf", custom(), secret("hf-1"), "alice"));
            asAlice(vault -> vault.addMember("bob", bob.recipient()));
            asAlice(vault -> vault.removeMember("bob", null));
            List<Exposure> exposures = asAlice(Vault::exposures);
            assertThat(exposures).hasSize(1);
            assertThat(exposures.get(0).member()).isEqualTo("bob");
            Map<String, Integer> now = asAlice(Vault::currentVersions);
            assertThat(exposures.get(0).unrotated(now)).containsOnlyKeys("openai", "hf");

            asAlice(vault -> vault.addVersion("openai", secret("sk-rotated"), "alice", "rotate"));
            now = asAlice(Vault::currentVersions);
            assertThat(asAlice(Vault::exposures).get(0).unrotated(now)).containsOnlyKeys("hf");
            asAlice(vault -> vault.addVersion("hf", secret("hf-2"), "alice", "rotate"));
            assertThat(asAlice(Vault::exposures)).as("every key rotated: the exposure is dropped").isEmpty();
        }
    }

    @Test
    void anOlderCopyIsRefusedUntilAcceptedAndAWriteThenMovesPastTheNewest() throws Exception {
        byte[] old = Files.readAllBytes(vaultFile);
        long oldGeneration = VaultCodec.parse(old).header().generation();
        asAlice(vault -> vault.addVersion("openai", secret("sk-rotated"), "alice", "rotate"));
        long newest = VaultCodec.parse(Files.readAllBytes(vaultFile)).header().generation();
        assertThat(newest).isGreaterThan(oldGeneration);

        Files.write(vaultFile, old);
        try (Passphrase alice = passphrase("alice's passphrase")) {
            assertThatThrownBy(() -> store.open(alice))
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.OLDER))
                    .hasMessageContaining("generation " + oldGeneration + " < " + newest)
                    .hasMessageContaining("--accept-older");
            assertThatThrownBy(() -> VaultReader.open(store.paths(), alice, java.time.Clock.systemUTC()))
                    .as("the agent's reader refuses it too").isInstanceOf(VaultException.class);
            VaultStore restoring = store.acceptingOlder(true);
            try (Vault vault = restoring.open(alice)) {
                assertThat(holds(vault, "openai", "sk-before")).isTrue();
            }
            restoring.update(alice, vault -> vault.storeKey("after-restore", custom(), secret("x"), "alice"));
        }
        assertThat(VaultCodec.parse(Files.readAllBytes(vaultFile)).header().generation()).isGreaterThan(newest);
        try (Passphrase alice = passphrase("alice's passphrase")) {
            store.open(alice).close(); // accepted again without the option
        }
    }

    @Test
    void aFormat2VaultOpensWithEitherCredentialAndIsUpgradedByItsNextWrite() throws Exception {
        Path legacyDir = Files.createDirectory(dir.resolve("legacy"));
        Path legacyFile = legacyDir.resolve("vault");
        try (KeyFileKey keyFile = KeyFileKey.generate(); Passphrase pass = passphrase("old pass")) {
            writeFormat2Vault(legacyFile, keyFile, pass);
            VaultStore legacy = VaultStore.at(VaultPaths.of(legacyFile));
            try (Vault vault = legacy.open(pass)) {
                assertThat(holds(vault, "openai", "sk-legacy")).isTrue();
                assertThat(vault.vaultId()).isNull();
                assertThat(vault.members()).extracting(Member::name).containsExactly("key-file-1", "passphrase");
                assertThat(vault.members().get(0).needsUpgrade()).isTrue();
            }
            // a rekey cannot carry over the key file, whose public key nobody has seen yet
            assertThat(failureOf(() -> legacy.update(pass, vault -> {
                vault.replacePassphrase(passphrase("next"), FAST_KDF, true);
                return null;
            }))).isEqualTo(Failure.CONFLICT);
            assertThat(VaultCodec.parse(Files.readAllBytes(legacyFile)).major()).isEqualTo(VaultCodec.MAJOR_V2);

            legacy.update(keyFile, vault -> vault.storeKey("second", custom(), secret("v"), "t"));
            ParsedVault upgraded = VaultCodec.parse(Files.readAllBytes(legacyFile));
            assertThat(upgraded.major()).isEqualTo(VaultCodec.MAJOR);
            assertThat(upgraded.header().vaultId()).isNotNull();
            assertThat(upgraded.header().generation()).isEqualTo(1);
            assertThat(upgraded.header().slots().get(0).legacy()).as("the key file's slot, converted").isFalse();
            assertThat(upgraded.header().slots().get(1).legacy()).as("the passphrase's, not opened yet").isTrue();
            try (Vault vault = legacy.open(pass)) {
                assertThat(holds(vault, "second", "v")).isTrue();
            }
            legacy.update(pass, vault -> {
                vault.replacePassphrase(passphrase("next"), FAST_KDF, true);
                return null;
            });
            try (Vault vault = legacy.open(keyFile)) {
                assertThat(holds(vault, "openai", "sk-legacy")).isTrue();
                assertThat(vault.members()).extracting(Member::name).containsExactly("key-file-1", "passphrase");
            }
        }
    }

    @Test
    void aFormat2CopyRestoredOverTheUpgradedVaultIsRefusedAsOlder() throws Exception {
        Path legacyDir = Files.createDirectory(dir.resolve("legacy"));
        Path legacyFile = legacyDir.resolve("vault");
        try (KeyFileKey keyFile = KeyFileKey.generate(); Passphrase pass = passphrase("old pass")) {
            writeFormat2Vault(legacyFile, keyFile, pass);
            byte[] format2 = Files.readAllBytes(legacyFile);
            VaultStore legacy = VaultStore.at(VaultPaths.of(legacyFile));
            legacy.update(keyFile, vault -> vault.addVersion("openai", secret("sk-new"), "t", "rotate"));
            Files.write(legacyFile, format2);
            assertThat(failureOf(() -> legacy.open(keyFile).close())).isEqualTo(Failure.OLDER);
        }
    }

    @Test
    void theAuditChainVerifiesAcrossARekeyAndNamesTheMember() throws Exception {
        try (IdentityKey bob = IdentityKey.generate(); Passphrase alice = passphrase("alice's passphrase")) {
            store.update(alice, AuditEvent.of("member.add"), vault -> vault.addMember("bob", bob.recipient()));
            store.update(alice, AuditEvent.of("member.remove"), vault -> vault.removeMember("bob", null));
            store.update(alice, AuditEvent.of("store"), vault -> vault.storeKey("k", custom(), secret("v"), "alice"));
            try (Vault vault = store.open(alice)) {
                long written = store.state().read(vault.vaultId()).lastWritten();
                AuditVerification check = store.auditLog().verify(vault.auditKeys(), vault.auditKey(), written);
                assertThat(check.intact()).as(String.valueOf(check.problem())).isTrue();
                assertThat(store.auditLog().read()).extracting(e -> e.member()).containsOnly("alice");
                assertThat(vault.auditKeys().past()).hasSize(1);

                // a line cut from the end is noticed: the log ends before this machine's last write
                List<String> lines = Files.readAllLines(store.auditLog().file());
                Files.write(store.auditLog().file(), lines.subList(0, lines.size() - 1));
                AuditVerification cut = store.auditLog().verify(vault.auditKeys(), vault.auditKey(), written);
                assertThat(cut.intact()).isFalse();
                assertThat(cut.problem()).contains("removed from its end");
            }
        }
    }

    /** The header (and slots) of {@code headerSource} in front of the records of {@code recordsSource}. */
    private static byte[] graft(byte[] headerSource, byte[] recordsSource) throws Exception {
        int headerEnd = frontEnd(headerSource);
        int recordsStart = frontEnd(recordsSource);
        ByteBuffer out = ByteBuffer.allocate(headerEnd + recordsSource.length - recordsStart);
        out.put(headerSource, 0, headerEnd - 4);
        out.put(recordsSource, recordsStart - 4, recordsSource.length - recordsStart + 4);
        return out.array();
    }

    /** Offset of the first record: 14 + header length + 32 (checksum) + 4 (record count). */
    private static int frontEnd(byte[] file) {
        int headerLength = (file[10] & 0xFF) << 24 | (file[11] & 0xFF) << 16 | (file[12] & 0xFF) << 8 | file[13] & 0xFF;
        return 14 + headerLength + 32 + 4;
    }

    /** A format 2 vault holding openai = sk-legacy, with a key-file slot and a passphrase slot. */
    private static void writeFormat2Vault(Path file, KeyFileKey keyFile, Passphrase pass) throws Exception {
        Path scratch = file.resolveSibling("scratch");
        VaultStore scratchStore = VaultStore.at(VaultPaths.of(scratch));
        scratchStore.create(keyFile, null);
        scratchStore.update(keyFile, vault -> vault.storeKey("openai", custom(), secret("sk-legacy"), "t"));
        byte[] format3 = Files.readAllBytes(scratch);
        try (DataKey key = KeySlots.unlock(VaultCodec.parse(format3).header(), keyFile).dataKey()) {
            List<KeySlot> slots = List.of(LegacyFormat.keyFileSlot(key, keyFile, 1), LegacyFormat.passphraseSlot(key, pass, FAST_KDF, 2));
            Files.write(file, LegacyFormat.asFormat2(format3, slots, key.fileMacKey()));
        }
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.delete(scratch);
        for (Path leftover : List.of(file.resolveSibling("state"))) {
            deleteTree(leftover);
        }
    }

    private static void deleteTree(Path path) throws Exception {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
