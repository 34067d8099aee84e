package io.keystash.vault.format;

/**
 * Writes a record's plaintext as tagged fields: {@code tag (1) || length (4) || bytes}.
 * Repeated tags make lists; a field may hold a nested field list. Readers skip tags they do not
 * know, so a minor format version can add fields.
 */
public final class FieldWriter {
    private final ByteWriter out = new ByteWriter();

    public FieldWriter string(int tag, String value) {
        if (value != null) {
            bytes(tag, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return this;
    }

    public FieldWriter number(int tag, long value) {
        out.u8(tag).u32(8).u64(value);
        return this;
    }

    public FieldWriter bytes(int tag, byte[] value) {
        out.u8(tag).u32(value.length).bytes(value);
        return this;
    }

    public FieldWriter nested(int tag, FieldWriter fields) {
        byte[] inner = fields.toByteArray();
        bytes(tag, inner);
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
