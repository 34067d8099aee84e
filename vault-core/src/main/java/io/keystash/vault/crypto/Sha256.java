package io.keystash.vault.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of a byte range, from whichever implementation is cheaper for its size.
 *
 * <p>Both give the same digest. Small inputs (a vault of a few hundred keys) use Bouncy Castle's
 * digest, which the vault's HKDF and HMAC load anyway: the JDK's {@link MessageDigest} would add
 * its provider list, the SUN provider's start-up (a {@code NativePRNG} probe among it) and a
 * byte-array {@code VarHandle}, about 10–25 ms on a cold JVM. Large inputs use the JDK's, whose
 * compiled code uses the CPU's SHA instructions and is several times faster per byte. Once the
 * JDK's has been used in this process, its start-up is paid and it is used for every size: a
 * write to a large vault re-hashes a few changed groups of a few hundred KB after the open hashed
 * the whole file, and Bouncy Castle's digest, still cold then, is three times slower under the
 * CLI's client compiler (measured: 4.4 MB in 140 vs 47 ms, JDK 17, C1 only).
 */
public final class Sha256 {
    public static final int LENGTH = 32;
    /** From this size on, the JDK's faster bulk hashing outweighs its start-up. */
    static final int JDK_FROM_BYTES = 1 << 20;
    /** Set when this process first made a JDK digest (then it is the cheaper one at any size). */
    private static volatile boolean jdkStarted;

    private Sha256() {
    }

    /** The digest of {@code length} bytes of {@code data} from {@code offset}. */
    public static byte[] of(byte[] data, int offset, int length) {
        return useJdk(length) ? jdk(data, offset, length) : bouncyCastle(data, offset, length);
    }

    /**
     * Digests many byte ranges one after the other with one digest object (a vault's record groups:
     * up to 257 per MAC). The implementation is chosen once, by the total size to be hashed, with
     * the same rule as {@link #of}. Not thread-safe.
     */
    public static final class Hasher {
        private final SHA256Digest small;
        private final MessageDigest large;

        private Hasher(long totalBytes) {
            if (useJdk(totalBytes)) {
                small = null;
                large = jdkDigest();
            } else {
                small = new SHA256Digest();
                large = null;
            }
        }

        /** Whether this hasher runs on the JDK's digest (for tests). */
        boolean usesJdk() {
            return large != null;
        }

        /** The digest of {@code length} bytes of {@code data} from {@code offset}. */
        public byte[] digest(byte[] data, int offset, int length) {
            if (large != null) {
                large.update(data, offset, length);
                return large.digest();
            }
            small.update(data, offset, length);
            byte[] out = new byte[LENGTH];
            small.doFinal(out, 0);
            return out;
        }
    }

    /** A {@link Hasher} suited to hashing about {@code totalBytes} in all. */
    public static Hasher hasher(long totalBytes) {
        return new Hasher(totalBytes);
    }

    static byte[] bouncyCastle(byte[] data, int offset, int length) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(data, offset, length);
        byte[] out = new byte[LENGTH];
        digest.doFinal(out, 0);
        return out;
    }

    static byte[] jdk(byte[] data, int offset, int length) {
        MessageDigest digest = jdkDigest();
        digest.update(data, offset, length);
        return digest.digest();
    }

    private static boolean useJdk(long bytes) {
        return bytes >= JDK_FROM_BYTES || jdkStarted;
    }

    private static MessageDigest jdkDigest() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            jdkStarted = true;
            return digest;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
