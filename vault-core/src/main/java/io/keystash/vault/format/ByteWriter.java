package io.keystash.vault.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable big-endian byte buffer, the writing half of {@link ByteReader}. */
public final class ByteWriter {
    private byte[] buffer;
    private int size;

    public ByteWriter() {
        this(256);
    }

    public ByteWriter(int capacity) {
        buffer = new byte[Math.max(16, capacity)];
    }

    public ByteWriter u8(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    public ByteWriter u16(int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("u16 out of range: " + value);
        }
        ensure(2);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
        return this;
    }

    public ByteWriter u32(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("u32 out of range: " + value);
        }
        ensure(4);
        buffer[size++] = (byte) (value >>> 24);
        buffer[size++] = (byte) (value >>> 16);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
        return this;
    }

    public ByteWriter u64(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    public ByteWriter bytes(byte[] data) {
        return bytes(data, 0, data.length);
    }

    public ByteWriter bytes(byte[] data, int offset, int length) {
        ensure(length);
        System.arraycopy(data, offset, buffer, size, length);
        size += length;
        return this;
    }

    public ByteWriter utf8(String text) {
        return bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    public int size() {
        return size;
    }

    /** A copy of what was written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    /** Overwrites the buffer (for buffers that held plaintext). */
    public void wipe() {
        Arrays.fill(buffer, (byte) 0);
        size = 0;
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            byte[] bigger = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
            Arrays.fill(buffer, (byte) 0);
            buffer = bigger;
        }
    }
}
