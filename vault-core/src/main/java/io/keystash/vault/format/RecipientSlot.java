package io.keystash.vault.format;

import io.keystash.vault.crypto.KdfParams;

/**
 * A data key sealed to an X25519 public key (age's recipient stanza, AES-256-GCM; see
 * {@code crypto.X25519Wrap}). Every kind of member has one: an identity's key pair is its own;
 * a key file's private key is HKDF of the file's 32 bytes; a passphrase's is HKDF of its KDF
 * output, so {@code kdf} and {@code salt} are set only for {@link SlotKind#PASSPHRASE}.
 *
 * @param ephemeralShare the stanza's ephemeral X25519 public key
 */
public record RecipientSlot(long id, SlotKind kind, KdfParams kdf, byte[] salt, byte[] ephemeralShare,
                            byte[] wrappedKey) implements KeySlot {
    public RecipientSlot {
        if ((kind == SlotKind.PASSPHRASE) != (kdf != null && salt != null)) {
            throw new IllegalArgumentException("a passphrase slot, and only one, has KDF parameters and a salt");
        }
    }

    @Override
    public int type() {
        return TYPE_RECIPIENT;
    }

    /**
     * {@code kind (1) || [KDF || salt length (1) || salt] || ephemeral share (32)}: everything but
     * the id and the wrapped key.
     */
    @Override
    public byte[] parameterBytes() {
        ByteWriter out = new ByteWriter(96);
        writeKindAndKdf(out, kind, kdf, salt);
        out.bytes(ephemeralShare);
        return out.toByteArray();
    }

    /**
     * What the wrapping's associated data binds before the ephemeral share: {@code id (8) || kind
     * (1) || [KDF || salt length (1) || salt]}. A slot's id, kind or KDF cannot be edited without
     * the slot failing to open.
     */
    public static byte[] boundParameters(long id, SlotKind kind, KdfParams kdf, byte[] salt) {
        ByteWriter out = new ByteWriter(64);
        out.u64(id);
        writeKindAndKdf(out, kind, kdf, salt);
        return out.toByteArray();
    }

    private static void writeKindAndKdf(ByteWriter out, SlotKind kind, KdfParams kdf, byte[] salt) {
        out.u8(kind.code());
        if (kdf != null) {
            SlotCodec.writeKdf(out, kdf);
            out.u8(salt.length).bytes(salt);
        }
    }
}
