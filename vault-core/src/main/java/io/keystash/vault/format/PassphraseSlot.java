package io.keystash.vault.format;

import io.keystash.vault.crypto.KdfParams;

/** Format 2's passphrase slot: a data key wrapped under {@code KDF(passphrase, salt)}. */
public record PassphraseSlot(long id, KdfParams kdf, byte[] salt, byte[] wrappedKey) implements KeySlot {
    @Override
    public int type() {
        return TYPE_PASSPHRASE;
    }

    @Override
    public SlotKind kind() {
        return SlotKind.PASSPHRASE;
    }

    @Override
    public byte[] parameterBytes() {
        ByteWriter out = new ByteWriter(64);
        SlotCodec.writeKdf(out, kdf);
        out.u8(salt.length).bytes(salt);
        return out.toByteArray();
    }
}
