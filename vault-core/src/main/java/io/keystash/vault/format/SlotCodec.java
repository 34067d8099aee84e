package io.keystash.vault.format;

import io.keystash.vault.crypto.Aead;
import io.keystash.vault.crypto.Argon2idParams;
import io.keystash.vault.crypto.KdfLimitException;
import io.keystash.vault.crypto.KdfParams;
import io.keystash.vault.crypto.Pbkdf2Params;

/** Reads and writes key slots in the header. */
final class SlotCodec {
    static final int MIN_SALT = 16;
    static final int MAX_SALT = 64;
    static final int WRAPPED_KEY_BYTES = Aead.OVERHEAD + 32;

    private SlotCodec() {
    }

    static void write(ByteWriter out, KeySlot slot) {
        byte[] parameters = slot.parameterBytes();
        out.u8(slot.type()).u16(parameters.length + slot.wrappedKey().length)
                .bytes(parameters).bytes(slot.wrappedKey());
    }

    static KeySlot read(ByteReader in) throws MalformedException {
        int type = in.u8();
        int length = in.u16();
        ByteReader body = new ByteReader(in.bytes(length));
        KeySlot slot = switch (type) {
            case KeySlot.TYPE_PASSPHRASE -> {
                KdfParams kdf = readKdf(body);
                byte[] salt = salt(body);
                yield new PassphraseSlot(kdf, salt, body.bytes(WRAPPED_KEY_BYTES));
            }
            case KeySlot.TYPE_KEY_FILE -> new KeyFileSlot(salt(body), body.bytes(WRAPPED_KEY_BYTES));
            default -> throw new MalformedException("unknown key slot type " + type);
        };
        if (body.hasRemaining()) {
            throw new MalformedException("key slot has " + body.remaining() + " unexpected bytes");
        }
        return slot;
    }

    static void writeKdf(ByteWriter out, KdfParams kdf) {
        out.u8(kdf.id());
        if (kdf instanceof Argon2idParams argon) {
            out.u32(argon.memoryKiB()).u32(argon.iterations()).u32(argon.parallelism());
        } else if (kdf instanceof Pbkdf2Params pbkdf2) {
            out.u32(pbkdf2.iterations());
        }
    }

    private static KdfParams readKdf(ByteReader in) throws MalformedException {
        int id = in.u8();
        try {
            return switch (id) {
                case 1 -> new Argon2idParams(in.u32(), in.u32(), in.u32());
                case 2 -> new Pbkdf2Params(in.u32());
                default -> throw new MalformedException("unknown KDF id " + id);
            };
        } catch (KdfLimitException e) {
            throw new MalformedException("KDF parameters refused: " + e.getMessage());
        }
    }

    private static byte[] salt(ByteReader in) throws MalformedException {
        int length = in.u8();
        if (length < MIN_SALT || length > MAX_SALT) {
            throw new MalformedException("salt length " + length + " outside " + MIN_SALT + ".." + MAX_SALT);
        }
        return in.bytes(length);
    }
}
