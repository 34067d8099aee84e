package io.keystash.vault.identity;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.crypto.X25519Wrap;

import java.util.Locale;

/**
 * The text form of an identity's private key: {@code KEYSTASH-SECRET-KEY-1…}, upper-case Bech32,
 * as age writes {@code AGE-SECRET-KEY-1…}. Upper case so it is never mistaken for a recipient.
 */
public final class SecretKeyText {
    private static final String HRP = "keystash-secret-key-";
    /** How the line starts, for messages. */
    public static final String PREFIX_TEXT = HRP.toUpperCase(Locale.ROOT) + "1";

    private SecretKeyText() {
    }

    public static String encode(byte[] privateKey) {
        return Bech32.encode(HRP, privateKey).toUpperCase(Locale.ROOT);
    }

    /** Decodes the key line; {@code what} names the file in messages, which never quote the line. */
    public static byte[] decode(String line, String what) throws VaultException {
        byte[] key;
        try {
            key = Bech32.decode(HRP, line);
        } catch (Bech32.InvalidEncodingException e) {
            throw new VaultException(Failure.INVALID_INPUT, what + " is not a Keystash identity: its key line " + e.getMessage());
        }
        if (key.length != X25519Wrap.KEY_BYTES) {
            java.util.Arrays.fill(key, (byte) 0);
            throw new VaultException(Failure.INVALID_INPUT, what + " is damaged (wrong key length)");
        }
        return key;
    }
}
