package io.keystash.vault.format;

/**
 * One key slot as bytes, in the header's own encoding: how a client hands the slots of its vault
 * to an unlock session, which opens the one sealed to its key (the session never reads the vault).
 */
public final class SlotBytes {
    private SlotBytes() {
    }

    public static byte[] encode(KeySlot slot) {
        ByteWriter out = new ByteWriter(160);
        SlotCodec.write(out, slot);
        return out.toByteArray();
    }

    /** Reads a slot written by {@link #encode}; anything else, or trailing bytes, is malformed. */
    public static KeySlot decode(byte[] bytes) throws MalformedException {
        ByteReader in = new ByteReader(bytes);
        KeySlot slot = SlotCodec.read(in);
        if (in.hasRemaining()) {
            throw new MalformedException("key slot has " + in.remaining() + " unexpected bytes");
        }
        return slot;
    }
}
