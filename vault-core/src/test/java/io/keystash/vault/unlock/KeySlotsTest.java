package io.keystash.vault.unlock;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.crypto.Argon2idParams;
import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.crypto.X25519Wrap;
import io.keystash.vault.format.Header;
import io.keystash.vault.format.KeySlot;
import io.keystash.vault.format.LegacyFormat;
import io.keystash.vault.format.RecipientSlot;
import io.keystash.vault.format.SlotKind;
import io.keystash.vault.format.VaultId;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class KeySlotsTest {
    private static final Argon2idParams FAST = new Argon2idParams(64, 1, 1);
    private static final VaultId ID = VaultId.of(new byte[16]);

    private static Passphrase pass(String text) {
        return new Passphrase(text.toCharArray(), "test");
    }

    private static Header header(KeySlot... slots) {
        return new Header(0, ID, 1, List.of(slots));
    }

    private static void assertWrongKey(Header header, Credential credential) {
        assertThatThrownBy(() -> KeySlots.unlock(header, credential))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.WRONG_KEY))
                .hasMessageStartingWith("wrong passphrase or key");
    }

    private static void assertOpens(Header header, Credential credential, DataKey expected, long slotId) throws VaultException {
        KeySlots.Unlocked unlocked = KeySlots.unlock(header, credential);
        try (DataKey opened = unlocked.dataKey()) {
            assertThat(MessageDigest.isEqual(opened.rawForWrapping(), expected.rawForWrapping())).isTrue();
            assertThat(unlocked.slot().id()).isEqualTo(slotId);
        }
    }

    @Test
    void eachCredentialOpensItsOwnSlotOnly() throws Exception {
        try (DataKey dataKey = DataKey.generate(); KeyFileKey file = KeyFileKey.generate(); KeyFileKey other = KeyFileKey.generate();
             IdentityKey identity = IdentityKey.generate(); IdentityKey stranger = IdentityKey.generate();
             Passphrase right = pass("right"); Passphrase wrong = pass("wrong")) {
            Header header = header(KeySlots.slotFor(dataKey, file, null, 1).slot(),
                    KeySlots.slotFor(dataKey, right, FAST, 2).slot(),
                    KeySlots.slotFor(dataKey, identity, null, 3).slot());
            assertOpens(header, file, dataKey, 1);
            assertOpens(header, right, dataKey, 2);
            assertOpens(header, identity, dataKey, 3);
            assertWrongKey(header, other);
            assertWrongKey(header, wrong);
            assertWrongKey(header, stranger);
        }
    }

    @Test
    void aSlotSealedToARecipientOpensWithItsIdentityAndReportsThePublicKey() throws Exception {
        try (DataKey dataKey = DataKey.generate(); IdentityKey identity = IdentityKey.generate()) {
            byte[] recipient = identity.recipient().publicKey();
            Header header = header(KeySlots.sealTo(dataKey, SlotKind.IDENTITY, recipient, 7, null, null));
            KeySlots.Unlocked unlocked = KeySlots.unlock(header, identity);
            try (DataKey opened = unlocked.dataKey()) {
                assertThat(MessageDigest.isEqual(opened.rawForWrapping(), dataKey.rawForWrapping())).isTrue();
                assertThat(unlocked.publicKey()).isEqualTo(recipient);
            }
        }
    }

    @Test
    void aKeyFilesPublicKeyIsStableSoARekeyCanReWrapToIt() throws Exception {
        try (DataKey first = DataKey.generate(); DataKey second = DataKey.generate(); KeyFileKey file = KeyFileKey.generate()) {
            KeySlots.NewSlot made = KeySlots.slotFor(first, file, null, 1);
            assertThat(KeySlots.publicKeyOf(file)).isEqualTo(made.publicKey());
            RecipientSlot rewrapped = KeySlots.sealTo(second, SlotKind.KEY_FILE, made.publicKey(), 1, null, null);
            assertOpens(header(rewrapped), file, second, 1);
        }
    }

    @Test
    void aPassphraseSlotReWrappedWithItsKdfAndSaltOpensWithTheSamePassphrase() throws Exception {
        try (DataKey first = DataKey.generate(); DataKey second = DataKey.generate(); Passphrase p = pass("same")) {
            KeySlots.NewSlot made = KeySlots.slotFor(first, p, FAST, 1);
            RecipientSlot rewrapped = KeySlots.sealTo(second, SlotKind.PASSPHRASE, made.publicKey(), 1,
                    made.slot().kdf(), made.slot().salt());
            assertOpens(header(rewrapped), p, second, 1);
        }
    }

    @Test
    void aCredentialOfAKindTheVaultLacksIsAWrongKeyNamingTheKind() throws Exception {
        try (DataKey dataKey = DataKey.generate(); KeyFileKey file = KeyFileKey.generate(); Passphrase p = pass("p");
             IdentityKey identity = IdentityKey.generate()) {
            Header keyFileOnly = header(KeySlots.slotFor(dataKey, file, null, 1).slot());
            assertThatThrownBy(() -> KeySlots.unlock(keyFileOnly, identity)).hasMessageContaining("no identity slot");
            assertWrongKey(keyFileOnly, p);
            assertWrongKey(header(KeySlots.slotFor(dataKey, p, FAST, 1).slot()), file);
        }
    }

    @Test
    void editedSlotParametersFailToOpen() throws Exception {
        try (DataKey dataKey = DataKey.generate(); KeyFileKey file = KeyFileKey.generate(); Passphrase p = pass("p")) {
            RecipientSlot slot = KeySlots.slotFor(dataKey, file, null, 1).slot();
            assertWrongKey(header(new RecipientSlot(2, slot.kind(), null, null, slot.ephemeralShare(), slot.wrappedKey())), file);
            byte[] share = slot.ephemeralShare().clone();
            share[3] ^= 1;
            assertWrongKey(header(new RecipientSlot(1, slot.kind(), null, null, share, slot.wrappedKey())), file);

            RecipientSlot passSlot = KeySlots.slotFor(dataKey, p, FAST, 1).slot();
            RecipientSlot weakened = new RecipientSlot(1, SlotKind.PASSPHRASE, new Argon2idParams(64, 2, 1), passSlot.salt(),
                    passSlot.ephemeralShare(), passSlot.wrappedKey());
            assertWrongKey(header(weakened), p);
        }
    }

    @Test
    void formatTwoSlotsStillOpenAndYieldTheRecipientSlotsPublicKey() throws Exception {
        try (DataKey dataKey = DataKey.generate(); KeyFileKey file = KeyFileKey.generate(); Passphrase p = pass("old")) {
            Header header = new Header(0, null, 0, List.of(LegacyFormat.keyFileSlot(dataKey, file, 1),
                    LegacyFormat.passphraseSlot(dataKey, p, FAST, 2)));
            KeySlots.Unlocked byFile = KeySlots.unlock(header, file);
            try (DataKey opened = byFile.dataKey()) {
                assertThat(MessageDigest.isEqual(opened.rawForWrapping(), dataKey.rawForWrapping())).isTrue();
                assertThat(byFile.publicKey()).isEqualTo(KeySlots.publicKeyOf(file));
            }
            KeySlots.Unlocked byPassphrase = KeySlots.unlock(header, p);
            byPassphrase.dataKey().close();
            // the public key it reports opens a recipient slot made with the legacy slot's KDF and salt
            io.keystash.vault.format.PassphraseSlot legacy = (io.keystash.vault.format.PassphraseSlot) header.slots().get(1);
            RecipientSlot converted = KeySlots.sealTo(dataKey, SlotKind.PASSPHRASE, byPassphrase.publicKey(), 2,
                    legacy.kdf(), legacy.salt());
            assertOpens(header(converted), p, dataKey, 2);
        }
    }

    @Test
    void aHeaderWithTwoPassphraseSlotsIsRefusedBeforeAnyKdfRuns() throws Exception {
        try (DataKey dataKey = DataKey.generate(); Passphrase p = pass("p")) {
            List<KeySlot> slots = new ArrayList<>();
            slots.add(KeySlots.slotFor(dataKey, p, FAST, 1).slot());
            slots.add(KeySlots.slotFor(dataKey, p, FAST, 2).slot());
            assertThatThrownBy(() -> new Header(0, ID, 1, slots)).hasMessageContaining("passphrase slots");
        }
    }

    @Test
    void anArgon2MemoryThisJvmCannotGiveIsRefusedWithOneLineNotAnOutOfMemoryError() throws Exception {
        Argon2idParams huge = new Argon2idParams(Argon2idParams.MAX_MEMORY_KIB, 1, 1);
        try (DataKey dataKey = DataKey.generate(); Passphrase p = pass("p")) {
            RecipientSlot slot = KeySlots.sealTo(dataKey, SlotKind.PASSPHRASE, X25519Wrap.publicKey(X25519Wrap.newPrivateKey()),
                    1, huge, new byte[16]);
            assumeTrue(Runtime.getRuntime().maxMemory() < (long) Argon2idParams.MAX_MEMORY_KIB * 1024,
                    "this JVM's heap could run a 1 GiB Argon2id; the refusal is tested through the CLI with a small heap");
            assertThatThrownBy(() -> KeySlots.unlock(header(slot), p))
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.IO))
                    .hasMessageContaining("needs 1024 MiB");
        }
    }

    @Test
    void emptyPassphraseIsRefused() {
        try (DataKey dataKey = DataKey.generate(); Passphrase empty = pass("")) {
            assertThatThrownBy(() -> KeySlots.slotFor(dataKey, empty, FAST, 1))
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT));
        }
    }
}
