package io.keystash.vault.crypto;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

import java.util.Arrays;

/**
 * AES-256-GCM with a 96-bit random nonce and a 128-bit tag, through Bouncy Castle's lightweight
 * API (no JCE provider start-up on the agent's path).
 *
 * <p>Sealed form: {@code nonce (12) || ciphertext || tag (16)}. The associated data binds a
 * ciphertext to where it belongs (a key name and version, a slot's parameters), so it cannot be
 * moved elsewhere in a vault without failing to open.
 */
public final class Aead {
    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    /** Bytes a sealed message has beyond its plaintext. */
    public static final int OVERHEAD = NONCE_BYTES + TAG_BYTES;

    private Aead() {
    }

    /** Encrypts with a fresh random nonce. */
    public static byte[] seal(byte[] key, byte[] plaintext, byte[] associatedData) {
        byte[] nonce = CryptoRandom.bytes(NONCE_BYTES);
        GCMModeCipher gcm = cipher(true, key, nonce, associatedData);
        try {
            byte[] out = new byte[NONCE_BYTES + gcm.getOutputSize(plaintext.length)];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            int n = gcm.processBytes(plaintext, 0, plaintext.length, out, NONCE_BYTES);
            gcm.doFinal(out, NONCE_BYTES + n);
            return out;
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        } finally {
            KeyWipe.forget(gcm);
        }
    }

    /** Decrypts and authenticates; the caller owns (and should clear) the returned plaintext. */
    public static byte[] open(byte[] key, byte[] sealed, byte[] associatedData) throws AeadFailure {
        return open(key, sealed, 0, sealed.length, associatedData);
    }

    /** As {@link #open(byte[], byte[], byte[])}, for a sealed message inside a larger array. */
    public static byte[] open(byte[] key, byte[] buffer, int offset, int length, byte[] associatedData)
            throws AeadFailure {
        if (length < OVERHEAD) {
            throw new AeadFailure();
        }
        byte[] nonce = Arrays.copyOfRange(buffer, offset, offset + NONCE_BYTES);
        GCMModeCipher gcm = cipher(false, key, nonce, associatedData);
        try {
            return finish(gcm, buffer, offset, length);
        } finally {
            KeyWipe.forget(gcm);
        }
    }

    /**
     * Opens many messages sealed under one key. The key schedule and GCM tables are computed once,
     * not per message: a profile's start opens dozens of small records, where that setup would be
     * most of the cost. Not thread-safe; {@link #close()} wipes its copy of the key.
     */
    public static final class Opener implements AutoCloseable {
        private final GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        private final KeyParameter key;
        private boolean keyed;

        Opener(byte[] key) {
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException("AES-256 needs a 32-byte key");
            }
            this.key = new KeyParameter(key);
        }

        /** As {@link Aead#open(byte[], byte[], int, int, byte[])} with this opener's key. */
        public byte[] open(byte[] buffer, int offset, int length, byte[] associatedData) throws AeadFailure {
            if (length < OVERHEAD) {
                throw new AeadFailure();
            }
            byte[] nonce = Arrays.copyOfRange(buffer, offset, offset + NONCE_BYTES);
            // A null key parameter re-uses the schedule of the first init (decryption only).
            gcm.init(false, new AEADParameters(keyed ? null : key, TAG_BYTES * 8, nonce, associatedData));
            keyed = true;
            return finish(gcm, buffer, offset, length);
        }

        @Override
        public void close() {
            if (keyed) {
                KeyWipe.forget(gcm); // the AES key schedule starts with the key itself
            }
            Arrays.fill(key.getKey(), (byte) 0); // KeyParameter keeps (and hands out) its own copy
        }
    }

    /**
     * Seals many messages under one key, each with a fresh random nonce: the key schedule and GCM
     * tables are computed once, not per message — a rekey seals every record of the vault again,
     * 60,000 of them at 10,000 keys, where that setup was most of the cost. Not thread-safe;
     * {@link #close()} makes the cipher forget the key and wipes its copy.
     */
    public static final class Sealer implements AutoCloseable {
        private final GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        private final KeyParameter key;
        private boolean keyed;

        Sealer(byte[] key) {
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException("AES-256 needs a 32-byte key");
            }
            this.key = new KeyParameter(key);
        }

        /** As {@link Aead#seal(byte[], byte[], byte[])} with this sealer's key. */
        public byte[] seal(byte[] plaintext, byte[] associatedData) {
            byte[] nonce = CryptoRandom.bytes(NONCE_BYTES);
            // A null key parameter re-uses the schedule of the first init; every nonce is fresh.
            gcm.init(true, new AEADParameters(keyed ? null : key, TAG_BYTES * 8, nonce, associatedData));
            keyed = true;
            byte[] out = new byte[NONCE_BYTES + gcm.getOutputSize(plaintext.length)];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            int n = gcm.processBytes(plaintext, 0, plaintext.length, out, NONCE_BYTES);
            try {
                gcm.doFinal(out, NONCE_BYTES + n);
            } catch (InvalidCipherTextException e) {
                throw new IllegalStateException("AES-GCM encryption failed", e);
            }
            return out;
        }

        @Override
        public void close() {
            if (keyed) {
                KeyWipe.forget(gcm);
            }
            Arrays.fill(key.getKey(), (byte) 0);
        }
    }

    /** A {@link Sealer} for {@code key}; the caller keeps the key alive while using it. */
    public static Sealer sealer(byte[] key) {
        return new Sealer(key);
    }

    /** An {@link Opener} for {@code key}; the caller keeps the key alive while using it. */
    public static Opener opener(byte[] key) {
        return new Opener(key);
    }

    private static byte[] finish(GCMModeCipher gcm, byte[] buffer, int offset, int length) throws AeadFailure {
        int ctLength = length - NONCE_BYTES;
        byte[] out = new byte[gcm.getOutputSize(ctLength)];
        int n = gcm.processBytes(buffer, offset + NONCE_BYTES, ctLength, out, 0);
        try {
            gcm.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            Arrays.fill(out, (byte) 0);
            throw new AeadFailure();
        }
        return out;
    }

    private static GCMModeCipher cipher(boolean encrypt, byte[] key, byte[] nonce, byte[] associatedData) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("AES-256 needs a 32-byte key");
        }
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        KeyParameter keyParameter = new KeyParameter(key);
        gcm.init(encrypt, new AEADParameters(keyParameter, TAG_BYTES * 8, nonce, associatedData));
        // the engine has its key schedule now; GCM keeps only a reference to this array, for its
        // reuse check, which a later re-keying replaces
        Arrays.fill(keyParameter.getKey(), (byte) 0);
        return gcm;
    }
}
