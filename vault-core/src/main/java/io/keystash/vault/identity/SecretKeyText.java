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

    /**
     * Decodes the key line, given as bytes of a file (ASCII) so that no String copy of the secret is
     * made; {@code what} names the file in messages, which never quote the line.
     */
    public static byte[] decode(byte[] file, int from, int to, String what) throws VaultException {
        return decode(new AsciiView(file, from, to), what);
    }

    /** Decodes the key line; {@code what} names the file in messages, which never quote the line. */
    public static byte[] decode(CharSequence line, String what) throws VaultException {
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

    /** Bytes read as ASCII characters, in place. */
    private record AsciiView(byte[] bytes, int from, int to) implements CharSequence {
        @Override
        public int length() {
            return to - from;
        }

        @Override
        public char charAt(int index) {
            return (char) (bytes[from + index] & 0xFF);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new AsciiView(bytes, from + start, from + end);
        }

        @Override
        public String toString() {
            return "AsciiView[" + length() + " characters]"; // never the text: it may be a secret
        }
    }
}
