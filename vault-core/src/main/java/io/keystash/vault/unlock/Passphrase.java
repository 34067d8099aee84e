package io.keystash.vault.unlock;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A passphrase as characters, wiped by {@link #close()}.
 *
 * <p>Every source reads a passphrase as UTF-8 bytes and decodes them here ({@link #fromUtf8}), the
 * same way whatever the locale: the same bytes are the same passphrase from standard input, a
 * file, {@code API_KEY_MASTER} or the terminal, and bytes that are not UTF-8 are refused, never
 * turned into U+FFFD (which would let other byte strings unlock the vault).
 */
public final class Passphrase implements Credential {
    private final char[] chars;
    private final String origin;

    /** Takes ownership of {@code chars}. */
    public Passphrase(char[] chars, String origin) {
        this.chars = chars;
        this.origin = origin;
    }

    /**
     * Decodes {@code utf8} strictly; {@code origin} says where it came from ("standard input",
     * "API_KEY_MASTER", "passphrase file F", "terminal prompt"). The caller keeps and wipes
     * {@code utf8}. Bytes that are not UTF-8 are INVALID_INPUT, with the same message for every
     * source.
     */
    public static Passphrase fromUtf8(byte[] utf8, String origin) throws VaultException {
        CharBuffer decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8));
        } catch (CharacterCodingException e) {
            throw notUtf8(origin);
        }
        char[] chars = Arrays.copyOfRange(decoded.array(), decoded.position(), decoded.limit());
        Arrays.fill(decoded.array(), '\0');
        return new Passphrase(chars, origin);
    }

    /** The one refusal of a passphrase that is not UTF-8, whichever its source. */
    public static VaultException notUtf8(String origin) {
        return new VaultException(Failure.INVALID_INPUT, "the passphrase from " + origin
                + " is not valid UTF-8 (Keystash reads every passphrase as UTF-8, whatever the locale)");
    }

    /** The characters; valid until {@link #close()}. */
    public char[] chars() {
        return chars;
    }

    public boolean isEmpty() {
        return chars.length == 0;
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public void close() {
        Arrays.fill(chars, '\0');
    }

    @Override
    public String toString() {
        return "Passphrase[" + origin + "]";
    }
}
