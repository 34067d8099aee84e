package io.keystash.vault.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519;

import java.util.Arrays;

/**
 * Wrapping a file key to an X25519 public key: age's X25519 recipient stanza, with AES-256-GCM in
 * place of ChaCha20-Poly1305 (every other ciphertext of the vault is AES-256-GCM).
 *
 * <p>Why asymmetric slots: a rekey (a member removed, a new passphrase) must wrap a new data key
 * for every remaining way in, without holding their secrets. With a public key per slot, anyone
 * who has the data key can re-wrap to all of them, and learns nothing that opens a slot.
 *
 * <p>The construction, for a recipient R and a file key K: a fresh ephemeral secret e and share
 * E = X25519(e, 9); shared = X25519(e, R), refused when all zero (a low-order R); wrap key =
 * HKDF-SHA256(ikm = shared, salt = E || R, info = {@value #INFO}); sealed = AES-256-GCM(wrap key,
 * K) with the caller's associated data followed by E. Unwrapping recomputes R from the private
 * key. Bouncy Castle's static X25519 functions are used, so no key object keeps a copy; every
 * intermediate secret is wiped here.
 */
public final class X25519Wrap {
    public static final int KEY_BYTES = 32;
    public static final String INFO = "keystash v3 x25519 slot";
    private static final byte[] BASE_POINT = basePoint();

    private X25519Wrap() {
    }

    /** An ephemeral share and the file key sealed to the recipient. */
    public record Wrapped(byte[] ephemeralShare, byte[] sealed) {
    }

    /** A new random private key (clamping is applied by X25519 itself when it is used). */
    public static byte[] newPrivateKey() {
        return CryptoRandom.bytes(KEY_BYTES);
    }

    /**
     * The public key of {@code privateKey}, by the Montgomery ladder on the base point (not Bouncy
     * Castle's fixed-base tables, whose set-up costs a cold JVM several milliseconds).
     */
    public static byte[] publicKey(byte[] privateKey) {
        requireKey(privateKey);
        byte[] out = new byte[KEY_BYTES];
        X25519.scalarMult(privateKey, 0, BASE_POINT, 0, out, 0);
        return out;
    }

    /** True when {@code recipient} is 32 bytes and not a low-order point (an agreement with it yields a secret). */
    public static boolean usableRecipient(byte[] recipient) {
        if (recipient == null || recipient.length != KEY_BYTES) {
            return false;
        }
        byte[] probe = newPrivateKey();
        byte[] shared = new byte[KEY_BYTES];
        try {
            return X25519.calculateAgreement(probe, 0, recipient, 0, shared, 0);
        } finally {
            Arrays.fill(probe, (byte) 0);
            Arrays.fill(shared, (byte) 0);
        }
    }

    /**
     * Seals {@code fileKey} to {@code recipient}. The associated data is {@code associatedPrefix}
     * followed by the ephemeral share, so whatever the caller binds and the share are both covered.
     */
    public static Wrapped wrap(byte[] recipient, byte[] fileKey, byte[] associatedPrefix) {
        requireKey(recipient);
        byte[] ephemeral = newPrivateKey();
        byte[] shared = new byte[KEY_BYTES];
        byte[] wrapKey = null;
        try {
            byte[] share = publicKey(ephemeral);
            if (!X25519.calculateAgreement(ephemeral, 0, recipient, 0, shared, 0)) {
                throw new IllegalArgumentException("the recipient is not a usable X25519 public key");
            }
            wrapKey = Hkdf.derive(shared, concat(share, recipient), INFO);
            return new Wrapped(share, Aead.seal(wrapKey, fileKey, concat(associatedPrefix, share)));
        } finally {
            Arrays.fill(ephemeral, (byte) 0);
            Arrays.fill(shared, (byte) 0);
            if (wrapKey != null) {
                Arrays.fill(wrapKey, (byte) 0);
            }
        }
    }

    /**
     * Opens a file key sealed to the public key of {@code privateKey}; {@code recipient} is that
     * public key (callers that try several slots compute it once). The caller clears the result.
     *
     * @throws AeadFailure when the slot was not sealed to this key, or was changed
     */
    public static byte[] unwrap(byte[] privateKey, byte[] recipient, byte[] ephemeralShare, byte[] sealed,
                                byte[] associatedPrefix) throws AeadFailure {
        requireKey(privateKey);
        if (ephemeralShare.length != KEY_BYTES) {
            throw new AeadFailure();
        }
        byte[] shared = new byte[KEY_BYTES];
        byte[] wrapKey = null;
        try {
            if (!X25519.calculateAgreement(privateKey, 0, ephemeralShare, 0, shared, 0)) {
                throw new AeadFailure();
            }
            wrapKey = Hkdf.derive(shared, concat(ephemeralShare, recipient), INFO);
            return Aead.open(wrapKey, sealed, concat(associatedPrefix, ephemeralShare));
        } finally {
            Arrays.fill(shared, (byte) 0);
            if (wrapKey != null) {
                Arrays.fill(wrapKey, (byte) 0);
            }
        }
    }

    private static void requireKey(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an X25519 key has 32 bytes");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] basePoint() {
        byte[] u = new byte[KEY_BYTES];
        u[0] = 9;
        return u;
    }
}
