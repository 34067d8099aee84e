package io.keystash.vault.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AeadOpenerTest {
    private static byte[] aad(int i) {
        return ("record " + i).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void opensManyMessagesUnderOneKeyInsideLargerBuffers() throws Exception {
        byte[] key = CryptoRandom.bytes(32);
        Aead.Opener opener = Aead.opener(key);
        for (int i = 0; i < 50; i++) {
            byte[] plaintext = ("value " + i).repeat(i).getBytes(StandardCharsets.UTF_8);
            byte[] sealed = Aead.seal(key, plaintext, aad(i));
            byte[] buffer = new byte[sealed.length + 7 + i];
            System.arraycopy(sealed, 0, buffer, 7, sealed.length);
            assertThat(opener.open(buffer, 7, sealed.length, aad(i))).as("message %d", i).isEqualTo(plaintext);
        }
    }

    @Test
    void failuresAreDetectedAndDoNotSpoilLaterOpens() throws Exception {
        byte[] key = CryptoRandom.bytes(32);
        Aead.Opener opener = Aead.opener(key);
        byte[] good = Aead.seal(key, "a secret value".getBytes(StandardCharsets.UTF_8), aad(1));
        for (int i = 0; i < good.length; i++) {
            byte[] changed = good.clone();
            changed[i] ^= 0x01;
            assertThatThrownBy(() -> opener.open(changed, 0, changed.length, aad(1))).as("byte %d", i)
                    .isInstanceOf(AeadFailure.class);
            assertThat(opener.open(good, 0, good.length, aad(1))).as("after byte %d", i)
                    .isEqualTo("a secret value".getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> opener.open(good, 0, good.length, aad(2))).isInstanceOf(AeadFailure.class);
        assertThatThrownBy(() -> opener.open(good, 0, Aead.OVERHEAD - 1, aad(1))).isInstanceOf(AeadFailure.class);
        byte[] otherKey = Aead.seal(CryptoRandom.bytes(32), new byte[3], aad(1));
        assertThatThrownBy(() -> opener.open(otherKey, 0, otherKey.length, aad(1))).isInstanceOf(AeadFailure.class);
    }

    @Test
    void closeWipesTheKeyCopyAndLeavesTheCallersKey() throws Exception {
        byte[] key = CryptoRandom.bytes(32);
        byte[] original = key.clone();
        byte[] sealed = Aead.seal(key, new byte[] {1, 2, 3}, aad(1));
        Aead.Opener opener = Aead.opener(key);
        opener.open(sealed, 0, sealed.length, aad(1));
        opener.close();
        assertThat(key).isEqualTo(original);
        assertThatThrownBy(() -> Aead.opener(Arrays.copyOf(key, 16))).isInstanceOf(IllegalArgumentException.class);
    }
}
