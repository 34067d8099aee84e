package io.keystash.vault.format;

/** Reads what {@link FieldWriter} wrote, one field at a time. */
public final class FieldReader {
    private final ByteReader in;
    private int tag;
    private int start;
    private int length;
    private final byte[] buffer;

    public FieldReader(byte[] buffer) {
        this(buffer, 0, buffer.length);
    }

    private FieldReader(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.in = new ByteReader(buffer, offset, length);
    }

    /** Moves to the next field; false at the end. */
    public boolean next() throws MalformedException {
        if (!in.hasRemaining()) {
            return false;
        }
        tag = in.u8();
        length = in.u32();
        start = in.skip(length);
        return true;
    }

    public int tag() {
        return tag;
    }

    public String string() throws MalformedException {
        return new ByteReader(buffer, start, length).utf8(length);
    }

    public long number() throws MalformedException {
        if (length != 8) {
            throw new MalformedException("field " + tag + " is not a number");
        }
        return new ByteReader(buffer, start, length).u64();
    }

    public byte[] bytes() throws MalformedException {
        return new ByteReader(buffer, start, length).bytes(length);
    }

    public FieldReader nested() {
        return new FieldReader(buffer, start, length);
    }
}
