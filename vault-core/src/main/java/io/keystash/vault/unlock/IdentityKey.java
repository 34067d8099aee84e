package io.keystash.vault.unlock;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.crypto.X25519Wrap;
import io.keystash.vault.identity.Recipient;
import io.keystash.vault.identity.SecretKeyText;
import io.keystash.vault.storage.BoundedFileRead;
import io.keystash.vault.storage.SecureFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

/**
 * A person's or a machine's own X25519 identity: the secret half of a member.
 *
 * <p>Why identities: a team or a fleet should never share one passphrase or one key file. Each
 * member keeps their own identity file and hands out only its recipient; access is a slot sealed
 * to that recipient, and taking it away removes the slot and rekeys the vault.
 *
 * <p>File form (like age's identity files): comment lines starting with {@code #} (creation time,
 * the recipient) and one line {@code KEYSTASH-SECRET-KEY-1…}, the private key in upper-case Bech32.
 */
public final class IdentityKey implements Credential {
    private static final int MAX_FILE_BYTES = 4096;

    private final byte[] privateKey;
    private final String origin;

    private IdentityKey(byte[] privateKey, String origin) {
        this.privateKey = privateKey;
        this.origin = origin;
    }

    /** A fresh identity, not yet written anywhere. */
    public static IdentityKey generate() {
        return new IdentityKey(X25519Wrap.newPrivateKey(), "new identity");
    }

    /** Reads and checks an identity file. */
    public static IdentityKey read(Path file) throws VaultException {
        byte[] content;
        try {
            content = BoundedFileRead.read(file, MAX_FILE_BYTES);
        } catch (BoundedFileRead.TooLargeException e) {
            throw new VaultException(Failure.INVALID_INPUT, "identity file " + file + " is not a Keystash identity");
        } catch (NoSuchFileException e) {
            throw new VaultException(Failure.NOT_FOUND, "identity file " + file
                    + " does not exist (create one with: keystash identity create)");
        } catch (IOException e) {
            throw new VaultException(Failure.IO, "cannot read identity file " + file + ": " + e.getMessage());
        }
        try {
            // Lines found in the bytes, no String made: the key line is a secret that could not be wiped.
            int keyFrom = -1;
            int keyTo = -1;
            int lineStart = 0;
            while (lineStart <= content.length) {
                int lineEnd = lineStart;
                while (lineEnd < content.length && content[lineEnd] != '\n') {
                    lineEnd++;
                }
                int from = lineStart;
                int to = lineEnd;
                while (from < to && (content[from] & 0xFF) <= ' ') {
                    from++;
                }
                while (to > from && (content[to - 1] & 0xFF) <= ' ') {
                    to--;
                }
                if (from < to && content[from] != '#') {
                    if (keyFrom >= 0) {
                        throw new VaultException(Failure.INVALID_INPUT, "identity file " + file + " holds more than one key");
                    }
                    keyFrom = from;
                    keyTo = to;
                }
                lineStart = lineEnd + 1;
            }
            if (keyFrom < 0) {
                throw new VaultException(Failure.INVALID_INPUT, "identity file " + file + " is not a Keystash identity (no "
                        + SecretKeyText.PREFIX_TEXT + " line)");
            }
            byte[] key = SecretKeyText.decode(content, keyFrom, keyTo, "identity file " + file);
            return new IdentityKey(key, "identity " + file);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /** Writes this identity to a new file, mode 0600; refuses to overwrite an existing file. */
    public void writeNew(Path file, Instant created) throws VaultException {
        String secret = SecretKeyText.encode(privateKey);
        byte[] content = ("# Keystash identity: keep this file secret\n"
                + "# created: " + created + "\n"
                + "# recipient: " + recipient().encoded() + "\n"
                + secret + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            SecureFiles.writeNewPrivateFile(file, content);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /** The public half, to hand to whoever adds this identity to a vault. */
    public Recipient recipient() throws VaultException {
        return Recipient.of(X25519Wrap.publicKey(privateKey));
    }

    /** The X25519 private key; valid until {@link #close()}. */
    public byte[] privateKey() {
        return privateKey;
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public void close() {
        Arrays.fill(privateKey, (byte) 0);
    }

    @Override
    public String toString() {
        return "IdentityKey[" + origin + "]";
    }
}
