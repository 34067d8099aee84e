package io.keystash.vault.crypto;

import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

import java.util.Arrays;

/**
 * PBKDF2-HMAC-SHA256, for environments that require a NIST-approved KDF.
 *
 * @param iterations iteration count (OWASP 2023: at least 600,000 for SHA-256)
 */
public record Pbkdf2Params(int iterations) implements KdfParams {
    public static final int RECOMMENDED_ITERATIONS = 600_000;
    public static final Pbkdf2Params RECOMMENDED = new Pbkdf2Params(RECOMMENDED_ITERATIONS);
    /** About ten seconds here: enough room to raise the cost, not enough to hang a reader. */
    public static final int MAX_ITERATIONS = 10_000_000;

    public Pbkdf2Params {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new KdfLimitException("PBKDF2 iterations " + iterations + " outside 1.." + MAX_ITERATIONS);
        }
    }

    @Override
    public int id() {
        return 2;
    }

    @Override
    public byte[] deriveKey(char[] passphrase, byte[] salt) {
        byte[] password = PBEParametersGenerator.PKCS5PasswordToUTF8Bytes(passphrase);
        try {
            PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA256Digest());
            generator.init(password, salt, iterations);
            return ((KeyParameter) generator.generateDerivedMacParameters(256)).getKey();
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    @Override
    public String describe() {
        return "pbkdf2-sha256 i=" + iterations;
    }
}
