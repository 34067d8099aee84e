package io.keystash.vault.crypto;

import java.security.SecureRandom;

/** The one source of randomness for keys, salts and nonces: the platform's {@link SecureRandom}. */
public final class CryptoRandom {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CryptoRandom() {
    }

    /** {@code length} fresh random bytes. */
    public static byte[] bytes(int length) {
        byte[] out = new byte[length];
        RANDOM.nextBytes(out);
        return out;
    }
}
