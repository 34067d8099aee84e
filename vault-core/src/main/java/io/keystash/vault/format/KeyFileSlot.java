package io.keystash.vault.format;

/** Format 2's key-file slot: a data key wrapped under {@code HKDF(key file, salt)}. */
public record KeyFileSlot(long id, byte[] salt, byte[] wrappedKey) implements KeySlot {
    @Override
    public int type() {
        return TYPE_KEY_FILE;
    }

    @Override
    public SlotKind kind() {
        return SlotKind.KEY_FILE;
    }

    @Override
    public byte[] parameterBytes() {
        return new ByteWriter(32).u8(salt.length).bytes(salt).toByteArray();
    }
}
