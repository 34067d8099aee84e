package io.keystash.vault.unlock;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.crypto.Argon2idParams;
import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.format.Header;
import io.keystash.vault.format.KeyFileSlot;
import io.keystash.vault.format.KeySlot;
import io.keystash.vault.format.PassphraseSlot;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeySlotsTest {
    private static final Argon2idParams FAST = new Argon2idParams(64, 1, 1);

    private static Passphrase pass(String text) {
        return new Passphrase(text.toCharArray(), "test");
    }

    private static void assertWrongKey(Header header, Credential credential) {
        assertThatThrownBy(() -> KeySlots.unlock(header, credential))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.WRONG_KEY))
                .hasMessageStartingWith("wrong passphrase or key");
    }

    @Test
    void eachCredentialOpensItsOwnSlotOnly() throws Exception {
        try (DataKey dataKey = DataKey.generate(); KeyFileKey file = KeyFileKey.generate(); KeyFileKey other = KeyFileKey.generate();
             Passphrase right = pass("right"); Passphrase wrong = pass("wrong")) {
            Header header = new Header(0, List.of(KeySlots.keyFileSlot(dataKey, file), KeySlots.passphraseSlot(dataKey, right, FAST)));
            try (DataKey a = KeySlots.unlock(header, file); DataKey b = KeySlots.unlock(header, right)) {
                assertThat(MessageDigest.isEqual(a.rawForWrapping(), dataKey.rawForWrapping())).isTrue();
                assertThat(MessageDigest.isEqual(b.rawForWrapping(), dataKey.rawForWrapping())).isTrue();
            }
            assertWrongKey(header, other);
            assertWrongKey(header, wrong);
        }
    }

    @Test
    void aCredentialOfAKindTheVaultLacksIsAWrongKey() throws Exception {
        try (DataKey dataKey = DataKey.generate(); KeyFileKey file = KeyFileKey.generate(); Passphrase p = pass("p")) {
            assertWrongKey(new Header(0, List.of(KeySlots.keyFileSlot(dataKey, file))), p);
            assertWrongKey(new Header(0, List.of(KeySlots.passphraseSlot(dataKey, p, FAST))), file);
        }
    }

    @Test
    void editedSlotParametersFailToOpen() throws Exception {
        try (DataKey dataKey = DataKey.generate(); KeyFileKey file = KeyFileKey.generate(); Passphrase p = pass("p")) {
            KeyFileSlot slot = KeySlots.keyFileSlot(dataKey, file);
            byte[] salt = slot.salt().clone();
            salt[0] ^= 1;
            assertWrongKey(new Header(0, List.of(new KeyFileSlot(salt, slot.wrappedKey()))), file);

            PassphraseSlot passSlot = KeySlots.passphraseSlot(dataKey, p, FAST);
            KeySlot weakened = new PassphraseSlot(new Argon2idParams(64, 2, 1), passSlot.salt(), passSlot.wrappedKey());
            assertWrongKey(new Header(0, List.of(weakened)), p);
        }
    }

    @Test
    void emptyPassphraseIsRefused() {
        try (DataKey dataKey = DataKey.generate(); Passphrase empty = pass("")) {
            assertThatThrownBy(() -> KeySlots.passphraseSlot(dataKey, empty, FAST))
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT));
        }
    }
}
