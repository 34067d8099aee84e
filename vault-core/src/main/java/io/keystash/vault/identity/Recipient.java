package io.keystash.vault.identity;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.crypto.Sha256;
import io.keystash.vault.crypto.X25519Wrap;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The public half of an identity: what a member hands to whoever adds them to a vault.
 *
 * <p>Written as one copy-pasteable string, {@code keystash1…} (Bech32, like age's {@code age1…}),
 * whose checksum refuses a mistyped or truncated recipient before it can become a slot that
 * nobody can open.
 */
public final class Recipient {
    /** The human-readable prefix; every recipient string starts with it and {@code 1}. */
    public static final String PREFIX = "keystash";

    private final byte[] publicKey;

    private Recipient(byte[] publicKey) {
        this.publicKey = publicKey.clone();
    }

    /** The recipient for an X25519 public key; refuses a key no agreement can use. */
    public static Recipient of(byte[] publicKey) throws VaultException {
        if (!X25519Wrap.usableRecipient(publicKey)) {
            throw new VaultException(Failure.INVALID_INPUT, "not a usable recipient: the key is a low-order X25519 point");
        }
        return new Recipient(publicKey);
    }

    /** Parses a {@code keystash1…} string; a bad one is INVALID_INPUT with a message that says why. */
    public static Recipient parse(String text) throws VaultException {
        String trimmed = text == null ? "" : text.strip();
        byte[] key;
        try {
            key = Bech32.decode(PREFIX, trimmed);
        } catch (Bech32.InvalidEncodingException e) {
            throw new VaultException(Failure.INVALID_INPUT, "not a Keystash recipient: the text " + e.getMessage()
                    + " (a recipient is one line starting with " + PREFIX + "1, printed by: keystash identity show)");
        }
        if (key.length != X25519Wrap.KEY_BYTES) {
            throw new VaultException(Failure.INVALID_INPUT, "not a Keystash recipient: it holds " + key.length
                    + " bytes, not " + X25519Wrap.KEY_BYTES);
        }
        return of(key);
    }

    /** The X25519 public key (a copy). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** {@code keystash1…}. */
    public String encoded() {
        return Bech32.encode(PREFIX, publicKey);
    }

    /**
     * A short fingerprint for lists: {@code SHA256:} and the first 16 hex digits of the public
     * key's SHA-256 under a Keystash-specific label.
     */
    public String fingerprint() {
        return fingerprintOf(publicKey);
    }

    /** The fingerprint of any slot's public key (key files and passphrases have one too). */
    public static String fingerprintOf(byte[] publicKey) {
        byte[] label = "keystash fingerprint ".getBytes(StandardCharsets.US_ASCII);
        byte[] input = Arrays.copyOf(label, label.length + publicKey.length);
        System.arraycopy(publicKey, 0, input, label.length, publicKey.length);
        return "SHA256:" + HexFormat.of().formatHex(Sha256.of(input, 0, input.length), 0, 8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Recipient r && Arrays.equals(publicKey, r.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return encoded();
    }
}
