package io.keystash.vault.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A passphrase's characters as UTF-8 bytes, with no copy left behind but the one returned. */
final class Utf8 {
    private Utf8() {
    }

    /** The UTF-8 bytes of {@code chars}; the caller wipes them. The encoder's buffer is wiped here. */
    static byte[] encode(char[] chars) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = Arrays.copyOfRange(encoded.array(), encoded.position(), encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        return out;
    }
}
