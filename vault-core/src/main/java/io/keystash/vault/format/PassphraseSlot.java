package io.keystash.vault.format;

import io.keystash.vault.crypto.KdfParams;

/** A data key wrapped under {@code KDF(passphrase, salt)}. */
public record PassphraseSlot(KdfParams kdf, byte[] salt, byte[] wrappedKey) implements KeySlot {
    @Override
    public int type() {
        return TYPE_PASSPHRASE;
    }

    @Override
    public byte[] parameterBytes() {
        ByteWriter out = new ByteWriter(64);
        SlotCodec.writeKdf(out, kdf);
        out.u8(salt.length).bytes(salt);
        return out.toByteArray();
    }
}
