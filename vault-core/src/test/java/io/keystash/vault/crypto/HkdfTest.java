package io.keystash.vault.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** HKDF-SHA256 as the vault derives its keys: RFC 5869's test vectors, and Bouncy Castle's generator. */
class HkdfTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc5869TestCase1GivesTheFirstBlockOfItsOutput() {
        byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = HEX.parseHex("000102030405060708090a0b0c");
        byte[] info = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9");
        assertThat(HEX.formatHex(Hkdf.derive(ikm, salt, info)))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf");
    }

    @Test
    void rfc5869TestCase3WithoutSaltOrInfo() {
        byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        assertThat(HEX.formatHex(Hkdf.derive(ikm, null, new byte[0])))
                .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d");
    }

    @Test
    void agreesWithBouncyCastlesGeneratorOnRandomInputs() {
        SplittableRandom random = new SplittableRandom(5869);
        for (int i = 0; i < 500; i++) {
            byte[] ikm = bytes(random, 1 + random.nextInt(80));
            byte[] salt = random.nextInt(4) == 0 ? null : bytes(random, random.nextInt(80));
            String purpose = "keystash v" + random.nextInt(10) + " purpose " + random.nextInt(1000);
            HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
            generator.init(new HKDFParameters(ikm, salt, purpose.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            byte[] expected = new byte[32];
            generator.generateBytes(expected, 0, 32);
            assertThat(Hkdf.derive(ikm, salt, purpose)).as("case %d", i).isEqualTo(expected);
        }
    }

    private static byte[] bytes(SplittableRandom random, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) random.nextInt(256);
        }
        return out;
    }
}
