package io.keystash.vault.unlock;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.crypto.CryptoRandom;
import io.keystash.vault.storage.BoundedFileRead;
import io.keystash.vault.storage.SecureFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;

/**
 * 256 random bits kept in a file, for unattended start without a KDF.
 *
 * <p>File form: one line, {@code keystash-key-v1:} followed by the key in unpadded base64url.
 * The prefix lets us say "this is not a Keystash key file" instead of "wrong key".
 */
public final class KeyFileKey implements Credential {
    public static final int BYTES = 32;
    private static final String PREFIX = "keystash-key-v1:";
    private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_FILE_BYTES = 256;

    private final byte[] key;
    private final String origin;

    private KeyFileKey(byte[] key, String origin) {
        this.key = key;
        this.origin = origin;
    }

    /** A fresh random key, not yet written anywhere. */
    public static KeyFileKey generate() {
        return new KeyFileKey(CryptoRandom.bytes(BYTES), "new key file");
    }

    /** Reads and checks a key file. */
    public static KeyFileKey read(Path file) throws VaultException {
        byte[] content;
        try {
            content = BoundedFileRead.read(file, MAX_FILE_BYTES);
        } catch (BoundedFileRead.TooLargeException e) {
            throw new VaultException(Failure.INVALID_INPUT, "key file " + file + " is not a Keystash key file");
        } catch (NoSuchFileException e) {
            throw new VaultException(Failure.NOT_FOUND, "key file " + file + " does not exist");
        } catch (IOException e) {
            throw new VaultException(Failure.IO, "cannot read key file " + file + ": " + e.getMessage());
        }
        // Bytes all the way, no String: a String's copy of the encoded key could not be wiped.
        byte[] encoded = null;
        try {
            int start = 0;
            int end = content.length;
            while (start < end && isSpace(content[start])) {
                start++;
            }
            while (end > start && isSpace(content[end - 1])) {
                end--;
            }
            if (end - start < PREFIX_BYTES.length
                    || !Arrays.equals(content, start, start + PREFIX_BYTES.length, PREFIX_BYTES, 0, PREFIX_BYTES.length)) {
                throw new VaultException(Failure.INVALID_INPUT, "key file " + file + " is not a Keystash key file");
            }
            encoded = Arrays.copyOfRange(content, start + PREFIX_BYTES.length, end);
            byte[] key;
            try {
                key = Base64.getUrlDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw new VaultException(Failure.INVALID_INPUT, "key file " + file + " is damaged (bad encoding)");
            }
            if (key.length != BYTES) {
                Arrays.fill(key, (byte) 0);
                throw new VaultException(Failure.INVALID_INPUT, "key file " + file + " is damaged (wrong length)");
            }
            return new KeyFileKey(key, "key file " + file);
        } finally {
            Arrays.fill(content, (byte) 0);
            if (encoded != null) {
                Arrays.fill(encoded, (byte) 0);
            }
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == '\f';
    }

    /** Writes this key to a new file, mode 0600; refuses to overwrite an existing file. */
    public void writeNew(Path file) throws VaultException {
        byte[] encoded = Base64.getUrlEncoder().withoutPadding().encode(key);
        byte[] line = new byte[PREFIX_BYTES.length + encoded.length + 1];
        System.arraycopy(PREFIX_BYTES, 0, line, 0, PREFIX_BYTES.length);
        System.arraycopy(encoded, 0, line, PREFIX_BYTES.length, encoded.length);
        line[line.length - 1] = '\n';
        try {
            SecureFiles.writeNewPrivateFile(file, line);
        } finally {
            Arrays.fill(encoded, (byte) 0);
            Arrays.fill(line, (byte) 0);
        }
    }

    /** The raw key bytes; valid until {@link #close()}. */
    public byte[] bytes() {
        return key;
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public void close() {
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public String toString() {
        return "KeyFileKey[" + origin + "]";
    }
}
