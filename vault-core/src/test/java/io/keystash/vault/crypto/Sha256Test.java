package io.keystash.vault.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Sha256Test {
    @Test
    void knownAnswerFromFips180() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertThat(HexFormat.of().formatHex(Sha256.of(abc, 0, 3)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void bothImplementationsAgreeWithTheJdkOnRangesOfEverySizeClass() throws Exception {
        Random random = new Random(7);
        byte[] data = new byte[Sha256.JDK_FROM_BYTES + 300];
        random.nextBytes(data);
        int[] lengths = {0, 1, 55, 56, 63, 64, 65, 1000, Sha256.JDK_FROM_BYTES - 1, Sha256.JDK_FROM_BYTES, Sha256.JDK_FROM_BYTES + 17};
        for (int length : lengths) {
            int offset = random.nextInt(data.length - length + 1);
            MessageDigest reference = MessageDigest.getInstance("SHA-256");
            reference.update(data, offset, length);
            byte[] expected = reference.digest();
            assertThat(Sha256.of(data, offset, length)).as("length %d", length).isEqualTo(expected);
            assertThat(Sha256.bouncyCastle(data, offset, length)).as("BC, length %d", length).isEqualTo(expected);
            assertThat(Sha256.jdk(data, offset, length)).as("JDK, length %d", length).isEqualTo(expected);
        }
    }

    @Test
    void onceTheJdkDigestRanLargeInputsItHashesSmallOnesToo() {
        byte[] large = new byte[Sha256.JDK_FROM_BYTES];
        new Random(11).nextBytes(large);
        Sha256.Hasher bulk = Sha256.hasher(large.length);
        assertThat(bulk.usesJdk()).isTrue();
        byte[] bulkDigest = bulk.digest(large, 0, large.length);

        Sha256.Hasher small = Sha256.hasher(64);
        assertThat(small.usesJdk()).as("a small hasher after the JDK digest was started").isTrue();
        assertThat(small.digest(large, 5, 64)).isEqualTo(Sha256.bouncyCastle(large, 5, 64));
        assertThat(Sha256.of(large, 0, 3)).isEqualTo(Sha256.bouncyCastle(large, 0, 3));
        assertThat(bulkDigest).isEqualTo(Sha256.bouncyCastle(large, 0, large.length));
    }
}
