package io.keystash.vault.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

import java.security.MessageDigest;

/** HMAC-SHA256, incremental, for the vault's file MAC, record ids and the audit chain. */
public final class HmacSha256 {
    public static final int LENGTH = 32;

    private final HMac mac = new HMac(new SHA256Digest());

    public HmacSha256(byte[] key) {
        mac.init(new KeyParameter(key));
    }

    public HmacSha256 update(byte[] data) {
        return update(data, 0, data.length);
    }

    public HmacSha256 update(byte[] data, int offset, int length) {
        mac.update(data, offset, length);
        return this;
    }

    /** The MAC of everything given so far; the instance is reset for reuse. */
    public byte[] finish() {
        byte[] out = new byte[LENGTH];
        mac.doFinal(out, 0);
        return out;
    }

    /** Constant-time comparison of two MACs. */
    public static boolean matches(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }
}
