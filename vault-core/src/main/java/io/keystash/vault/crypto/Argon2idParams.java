package io.keystash.vault.crypto;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (RFC 9106) through Bouncy Castle.
 *
 * @param memoryKiB   memory cost in KiB
 * @param iterations  passes over memory
 * @param parallelism lanes
 */
public record Argon2idParams(int memoryKiB, int iterations, int parallelism) implements KdfParams {
    /** RFC 9106 §4, second recommended option: 64 MiB, 3 passes, 4 lanes. */
    public static final Argon2idParams RECOMMENDED = new Argon2idParams(64 * 1024, 3, 4);

    /** 1 GiB: more would let a hostile header exhaust memory. */
    public static final int MAX_MEMORY_KIB = 1024 * 1024;
    public static final int MAX_ITERATIONS = 16;
    public static final int MAX_PARALLELISM = 16;
    /** Total work cap (memory × passes), about 4 GiB of memory passes: seconds, not minutes. */
    public static final long MAX_WORK_KIB = 4L * 1024 * 1024;

    public Argon2idParams {
        if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
            throw new KdfLimitException("Argon2id memory " + memoryKiB + " KiB is outside 8×lanes.."
                    + MAX_MEMORY_KIB + " KiB");
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new KdfLimitException("Argon2id passes " + iterations + " outside 1.." + MAX_ITERATIONS);
        }
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new KdfLimitException("Argon2id lanes " + parallelism + " outside 1.." + MAX_PARALLELISM);
        }
        if ((long) memoryKiB * iterations > MAX_WORK_KIB) {
            throw new KdfLimitException("Argon2id cost memory×passes exceeds " + MAX_WORK_KIB + " KiB");
        }
    }

    @Override
    public int id() {
        return 1;
    }

    @Override
    public byte[] deriveKey(char[] passphrase, byte[] salt) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] key = new byte[32];
        // the byte[] form: given the char[], Bouncy Castle makes a UTF-8 copy it never wipes
        byte[] utf8 = Utf8.encode(passphrase);
        try {
            generator.generateBytes(utf8, key);
        } finally {
            java.util.Arrays.fill(utf8, (byte) 0);
        }
        return key;
    }

    @Override
    public String describe() {
        return "argon2id m=" + memoryKiB + "KiB t=" + iterations + " p=" + parallelism;
    }
}
