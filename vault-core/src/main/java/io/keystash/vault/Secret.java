package io.keystash.vault;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A secret value (an API key) held as UTF-8 bytes that are wiped by {@link #close()}.
 *
 * <p>The value is reachable only through methods whose names say they reveal it, so it cannot
 * leak by accident through {@code toString()}, string concatenation or a log line. Equality is
 * deliberately not overridden; use {@link #sameValueAs(Secret)}, which runs in constant time.
 */
public final class Secret implements AutoCloseable {
    /** Largest value accepted: 64 KiB of UTF-8. */
    public static final int MAX_BYTES = 64 * 1024;
    /** Why a value with a NUL character is refused. */
    public static final String NUL_REFUSED = "the value contains a NUL character, which no environment variable can carry";

    private final byte[] utf8;
    private boolean cleared;

    private Secret(byte[] utf8) {
        this.utf8 = utf8;
    }

    /**
     * Takes ownership of {@code utf8} (the caller must not keep or clear it) after checking it is
     * valid UTF-8, non-empty, within {@link #MAX_BYTES} and free of NUL characters (no environment
     * variable can carry one: a value with a NUL could be stored but never served).
     */
    public static Secret ofUtf8(byte[] utf8) throws VaultException {
        if (utf8.length == 0) {
            throw new VaultException(Failure.INVALID_INPUT, "the value is empty");
        }
        if (utf8.length > MAX_BYTES) {
            int size = utf8.length;
            Arrays.fill(utf8, (byte) 0);
            throw new VaultException(Failure.INVALID_INPUT,
                    "the value is " + size + " bytes; the limit is " + MAX_BYTES + " bytes (64 KiB)");
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8));
        } catch (CharacterCodingException e) {
            Arrays.fill(utf8, (byte) 0);
            throw new VaultException(Failure.INVALID_INPUT, "the value is not valid UTF-8 text");
        }
        for (byte b : utf8) {
            if (b == 0) {
                Arrays.fill(utf8, (byte) 0);
                throw new VaultException(Failure.INVALID_INPUT, NUL_REFUSED);
            }
        }
        return new Secret(utf8);
    }

    /** A secret from characters; the caller keeps (and should clear) {@code chars}. */
    public static Secret ofChars(char[] chars) throws VaultException {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(chars));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return ofUtf8(bytes);
    }

    /** Wraps bytes that were already validated when they were stored (decrypted from the vault). */
    public static Secret ofTrustedUtf8(byte[] utf8) {
        return new Secret(utf8);
    }

    /** Length of the value in UTF-8 bytes. */
    public int byteLength() {
        ensureOpen();
        return utf8.length;
    }

    /** The value as a String: only for handing it to the program that needs it. */
    public String reveal() {
        ensureOpen();
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** A copy of the value's UTF-8 bytes; the caller owns and clears it. */
    public byte[] revealUtf8() {
        ensureOpen();
        return utf8.clone();
    }

    /** Writes the value's bytes to {@code out} without making a String of it. */
    public void writeTo(OutputStream out) throws IOException {
        ensureOpen();
        out.write(utf8);
    }

    /** Constant-time comparison of two values. */
    public boolean sameValueAs(Secret other) {
        ensureOpen();
        other.ensureOpen();
        return MessageDigest.isEqual(utf8, other.utf8);
    }

    /** A copy that survives {@link #close()} of this one. */
    public Secret copy() {
        ensureOpen();
        return new Secret(utf8.clone());
    }

    /** Overwrites the value with zeros; the secret is unusable afterwards. */
    @Override
    public void close() {
        Arrays.fill(utf8, (byte) 0);
        cleared = true;
    }

    private void ensureOpen() {
        if (cleared) {
            throw new IllegalStateException("secret was already cleared");
        }
    }

    @Override
    public String toString() {
        return "Secret[***]";
    }
}
