package io.keystash.vault.format;

import io.keystash.vault.crypto.Aead;
import io.keystash.vault.crypto.Argon2idParams;
import io.keystash.vault.crypto.KdfLimitException;
import io.keystash.vault.crypto.KdfParams;
import io.keystash.vault.crypto.Pbkdf2Params;
import io.keystash.vault.crypto.X25519Wrap;

/** Reads and writes key slots in the header. */
final class SlotCodec {
    static final int MIN_SALT = 16;
    static final int MAX_SALT = 64;
    static final int WRAPPED_KEY_BYTES = Aead.OVERHEAD + 32;

    private SlotCodec() {
    }

    /** Format 3: {@code type (1) || length (2) || id (8) || body}. */
    static void write(ByteWriter out, KeySlot slot) {
        byte[] parameters = slot.parameterBytes();
        out.u8(slot.type()).u16(8 + parameters.length + slot.wrappedKey().length)
                .u64(slot.id()).bytes(parameters).bytes(slot.wrappedKey());
    }

    /** A format 3 slot. */
    static KeySlot read(ByteReader in) throws MalformedException {
        int type = in.u8();
        int length = in.u16();
        ByteReader body = new ByteReader(in.bytes(length));
        long id = body.u64();
        KeySlot slot = switch (type) {
            case KeySlot.TYPE_PASSPHRASE, KeySlot.TYPE_KEY_FILE -> legacyBody(body, type, id);
            case KeySlot.TYPE_RECIPIENT -> {
                SlotKind kind = SlotKind.ofCode(body.u8());
                KdfParams kdf = kind == SlotKind.PASSPHRASE ? readKdf(body) : null;
                byte[] salt = kind == SlotKind.PASSPHRASE ? salt(body) : null;
                byte[] share = body.bytes(X25519Wrap.KEY_BYTES);
                yield new RecipientSlot(id, kind, kdf, salt, share, body.bytes(WRAPPED_KEY_BYTES));
            }
            default -> throw new MalformedException("unknown key slot type " + type);
        };
        requireEnd(body);
        return slot;
    }

    /** A format 1 or 2 slot ({@code type || length || body}, no id): it gets {@code id}. */
    static KeySlot readLegacy(ByteReader in, long id) throws MalformedException {
        int type = in.u8();
        int length = in.u16();
        ByteReader body = new ByteReader(in.bytes(length));
        if (type != KeySlot.TYPE_PASSPHRASE && type != KeySlot.TYPE_KEY_FILE) {
            throw new MalformedException("unknown key slot type " + type);
        }
        KeySlot slot = legacyBody(body, type, id);
        requireEnd(body);
        return slot;
    }

    private static KeySlot legacyBody(ByteReader body, int type, long id) throws MalformedException {
        if (type == KeySlot.TYPE_PASSPHRASE) {
            KdfParams kdf = readKdf(body);
            byte[] salt = salt(body);
            return new PassphraseSlot(id, kdf, salt, body.bytes(WRAPPED_KEY_BYTES));
        }
        return new KeyFileSlot(id, salt(body), body.bytes(WRAPPED_KEY_BYTES));
    }

    private static void requireEnd(ByteReader body) throws MalformedException {
        if (body.hasRemaining()) {
            throw new MalformedException("key slot has " + body.remaining() + " unexpected bytes");
        }
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
