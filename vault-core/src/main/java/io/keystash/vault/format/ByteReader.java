package io.keystash.vault.format;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Bounds-checked big-endian reads; running past the end is a {@link MalformedException}. */
public final class ByteReader {
    private final byte[] buffer;
    private final int end;
    private int position;

    public ByteReader(byte[] buffer) {
        this(buffer, 0, buffer.length);
    }

    public ByteReader(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.position = offset;
        this.end = offset + length;
    }

    public int position() {
        return position;
    }

    public int remaining() {
        return end - position;
    }

    public boolean hasRemaining() {
        return position < end;
    }

    public int u8() throws MalformedException {
        need(1);
        return buffer[position++] & 0xFF;
    }

    public int u16() throws MalformedException {
        need(2);
        int value = (buffer[position] & 0xFF) << 8 | buffer[position + 1] & 0xFF;
        position += 2;
        return value;
    }

    /** An unsigned 32-bit value; anything above {@code Integer.MAX_VALUE} is malformed for us. */
    public int u32() throws MalformedException {
        need(4);
        int value = (buffer[position] & 0xFF) << 24 | (buffer[position + 1] & 0xFF) << 16
                | (buffer[position + 2] & 0xFF) << 8 | buffer[position + 3] & 0xFF;
        position += 4;
        if (value < 0) {
            throw new MalformedException("length out of range at byte " + (position - 4));
        }
        return value;
    }

    public long u64() throws MalformedException {
        need(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | buffer[position++] & 0xFF;
        }
        return value;
    }

    public byte[] bytes(int length) throws MalformedException {
        need(length);
        byte[] out = Arrays.copyOfRange(buffer, position, position + length);
        position += length;
        return out;
    }

    /** Skips {@code length} bytes, returning the offset where they start. */
    public int skip(int length) throws MalformedException {
        need(length);
        int start = position;
        position += length;
        return start;
    }

    public String utf8(int length) throws MalformedException {
        need(length);
        if (isAscii(position, length)) {
            // Names (keys, profiles, variables) are ASCII: a catalog of 10,000 of them is decoded
            // without a decoder object per name. ASCII is valid UTF-8 with the same characters.
            String text = new String(buffer, position, length, StandardCharsets.US_ASCII);
            position += length;
            return text;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buffer, position, length)).toString();
            position += length;
            return text;
        } catch (CharacterCodingException e) {
            throw new MalformedException("invalid UTF-8 at byte " + position);
        }
    }

    private boolean isAscii(int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (buffer[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private void need(int length) throws MalformedException {
        if (length < 0 || length > end - position) {
            throw new MalformedException("unexpected end of data at byte " + position);
        }
    }
}
