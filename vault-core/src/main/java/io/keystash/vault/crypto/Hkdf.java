package io.keystash.vault.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * HKDF-SHA256 (RFC 5869): separate keys for separate purposes from one secret, 32 bytes each.
 *
 * <p>Why it is written out over Bouncy Castle's HMAC rather than taken from its
 * {@code HKDFBytesGenerator}: that generator's parameters keep a copy of the input keying material
 * and hand out another at every use, and neither can be wiped; a program started by the agent
 * held eight copies of the vault's data key in its heap that way. Here it is the two HMAC calls
 * of the RFC for a single output block — extract {@code PRK = HMAC(salt, IKM)}, expand
 * {@code OKM = HMAC(PRK, info || 0x01)} — on arrays this class wipes, and {@code HkdfTest} checks
 * it against the RFC's test vectors and against Bouncy Castle's generator.
 */
public final class Hkdf {
    private static final byte[] NO_SALT = new byte[32];
    private static final byte[] FIRST_BLOCK = {1};

    private Hkdf() {
    }

    /** A 32-byte key for {@code purpose}, derived from {@code secret} and an optional salt. */
    public static byte[] derive(byte[] secret, byte[] salt, String purpose) {
        return derive(secret, salt, purpose.getBytes(StandardCharsets.US_ASCII));
    }

    /** The first 32 bytes of HKDF-SHA256(IKM = secret, salt, info): one block of the RFC's output. */
    static byte[] derive(byte[] secret, byte[] salt, byte[] info) {
        byte[] prk = hmac(salt == null ? NO_SALT : salt, secret, null);
        try {
            return hmac(prk, info, FIRST_BLOCK);
        } finally {
            Arrays.fill(prk, (byte) 0);
        }
    }

    /** HMAC-SHA256(key, first || second); the MAC's copies of the key are overwritten before it returns. */
    private static byte[] hmac(byte[] key, byte[] first, byte[] second) {
        HMac mac = new HMac(new SHA256Digest());
        KeyParameter keyParameter = new KeyParameter(key);
        try {
            mac.init(keyParameter);
            mac.update(first, 0, first.length);
            if (second != null) {
                mac.update(second, 0, second.length);
            }
            byte[] out = new byte[32];
            mac.doFinal(out, 0);
            return out;
        } finally {
            Arrays.fill(keyParameter.getKey(), (byte) 0); // KeyParameter hands out its own array
            KeyWipe.forget(mac);
        }
    }
}
