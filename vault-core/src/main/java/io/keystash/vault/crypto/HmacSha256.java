package io.keystash.vault.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

import java.security.MessageDigest;

/** HMAC-SHA256, incremental, for the vault's file MAC, record ids and the audit chain. */
public final class HmacSha256 {
    public static final int LENGTH = 32;

    private final HMac mac = new HMac(new SHA256Digest());

    /** Keys a new MAC; the copy Bouncy Castle's key parameter makes is wiped at once. */
    public HmacSha256(byte[] key) {
        KeyParameter keyParameter = new KeyParameter(key);
        mac.init(keyParameter);
        java.util.Arrays.fill(keyParameter.getKey(), (byte) 0);
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

    /** HMAC-SHA256(key, data) in one call, the MAC's copies of the key overwritten before it returns. */
    public static byte[] of(byte[] key, byte[] data) {
        HmacSha256 mac = new HmacSha256(key);
        try {
            return mac.update(data).finish();
        } finally {
            mac.forget();
        }
    }

    /** Overwrites what the MAC keeps of its key; the instance is of no use afterwards. */
    public void forget() {
        KeyWipe.forget(mac);
    }

    /** Constant-time comparison of two MACs. */
    public static boolean matches(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }
}
