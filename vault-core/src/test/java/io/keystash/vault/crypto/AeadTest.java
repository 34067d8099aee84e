package io.keystash.vault.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AeadTest {
    private static final byte[] AAD = "record 1".getBytes(StandardCharsets.US_ASCII);

    @Test
    void sealThenOpenRoundTripsWithFreshNonces() throws Exception {
        byte[] key = CryptoRandom.bytes(32);
        byte[] plaintext = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] a = Aead.seal(key, plaintext, AAD);
        byte[] b = Aead.seal(key, plaintext, AAD);
        assertThat(a).hasSize(plaintext.length + Aead.OVERHEAD);
        assertThat(Arrays.copyOf(a, Aead.NONCE_BYTES)).isNotEqualTo(Arrays.copyOf(b, Aead.NONCE_BYTES));
        assertThat(Aead.open(key, a, AAD)).isEqualTo(plaintext);
        assertThat(Aead.open(key, b, AAD)).isEqualTo(plaintext);
        assertThat(Aead.open(key, Aead.seal(key, new byte[0], AAD), AAD)).isEmpty();
    }

    @Test
    void everyChangedByteWrongKeyOrWrongContextFails() {
        byte[] key = CryptoRandom.bytes(32);
        byte[] sealed = Aead.seal(key, "a secret value".getBytes(StandardCharsets.UTF_8), AAD);
        for (int i = 0; i < sealed.length; i++) {
            byte[] changed = sealed.clone();
            changed[i] ^= 0x01;
            assertThatThrownBy(() -> Aead.open(key, changed, AAD)).as("byte %d", i).isInstanceOf(AeadFailure.class);
        }
        assertThatThrownBy(() -> Aead.open(CryptoRandom.bytes(32), sealed, AAD)).isInstanceOf(AeadFailure.class);
        assertThatThrownBy(() -> Aead.open(key, sealed, "record 2".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(AeadFailure.class);
        assertThatThrownBy(() -> Aead.open(key, Arrays.copyOf(sealed, Aead.OVERHEAD - 1), AAD)).isInstanceOf(AeadFailure.class);
        assertThatThrownBy(() -> Aead.open(key, Arrays.copyOf(sealed, sealed.length - 1), AAD)).isInstanceOf(AeadFailure.class);
    }

    @Test
    void onlyAes256KeysAreAccepted() {
        assertThatThrownBy(() -> Aead.seal(new byte[16], new byte[1], AAD)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kdfParametersOutsideTheCapsAreRefusedAtConstruction() {
        assertThatThrownBy(() -> new Argon2idParams(Integer.MIN_VALUE, 1, 1)).isInstanceOf(KdfLimitException.class);
        assertThatThrownBy(() -> new Argon2idParams(Argon2idParams.MAX_MEMORY_KIB + 1, 1, 1)).isInstanceOf(KdfLimitException.class);
        assertThatThrownBy(() -> new Argon2idParams(64, 17, 1)).isInstanceOf(KdfLimitException.class);
        assertThatThrownBy(() -> new Argon2idParams(7, 1, 1)).isInstanceOf(KdfLimitException.class);
        assertThatThrownBy(() -> new Pbkdf2Params(Integer.MIN_VALUE)).isInstanceOf(KdfLimitException.class);
        assertThatThrownBy(() -> new Pbkdf2Params(Pbkdf2Params.MAX_ITERATIONS + 1)).isInstanceOf(KdfLimitException.class);
        assertThat(Argon2idParams.RECOMMENDED.memoryKiB()).isGreaterThanOrEqualTo(19 * 1024);
        assertThat(Pbkdf2Params.RECOMMENDED.iterations()).isGreaterThanOrEqualTo(600_000);
    }

    @Test
    void kdfsAreDeterministicPerSaltAndPassphrase() {
        byte[] salt = CryptoRandom.bytes(16);
        KdfParams argon = new Argon2idParams(64, 1, 1);
        KdfParams pbkdf2 = new Pbkdf2Params(1000);
        for (KdfParams kdf : new KdfParams[] {argon, pbkdf2}) {
            byte[] a = kdf.deriveKey("pass".toCharArray(), salt);
            assertThat(a).hasSize(32).isEqualTo(kdf.deriveKey("pass".toCharArray(), salt));
            assertThat(a).isNotEqualTo(kdf.deriveKey("pass!".toCharArray(), salt));
            assertThat(a).isNotEqualTo(kdf.deriveKey("pass".toCharArray(), CryptoRandom.bytes(16)));
        }
    }
}
