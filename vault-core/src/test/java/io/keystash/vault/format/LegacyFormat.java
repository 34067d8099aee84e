package io.keystash.vault.format;

import io.keystash.vault.crypto.Aead;
import io.keystash.vault.crypto.CryptoRandom;
import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.crypto.Hkdf;
import io.keystash.vault.crypto.KdfParams;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.Passphrase;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Test helper: vault files as Keystash wrote them before format 3 — symmetric key slots, no vault
 * id, no generation — made from a format 3 file's records, so tests can check that such vaults
 * still open and are upgraded. The slot construction is format 2's, as FORMAT.md describes it.
 */
public final class LegacyFormat {
    private static final byte[] AAD_PREFIX = "keystash v1 slot".getBytes(StandardCharsets.US_ASCII);

    private LegacyFormat() {
    }

    /** A format 2 key-file slot for {@code dataKey}. */
    public static KeyFileSlot keyFileSlot(DataKey dataKey, KeyFileKey keyFile, long id) {
        byte[] salt = CryptoRandom.bytes(16);
        KeyFileSlot unsealed = new KeyFileSlot(id, salt, new byte[0]);
        byte[] kek = Hkdf.derive(keyFile.bytes(), salt, "keystash v1 key file slot");
        return new KeyFileSlot(id, salt, Aead.seal(kek, dataKey.rawForWrapping(), aad(unsealed)));
    }

    /** A format 2 passphrase slot for {@code dataKey}. */
    public static PassphraseSlot passphraseSlot(DataKey dataKey, Passphrase passphrase, KdfParams kdf, long id) {
        byte[] salt = CryptoRandom.bytes(16);
        PassphraseSlot unsealed = new PassphraseSlot(id, kdf, salt, new byte[0]);
        byte[] kek = kdf.deriveKey(passphrase.chars(), salt);
        return new PassphraseSlot(id, kdf, salt, Aead.seal(kek, dataKey.rawForWrapping(), aad(unsealed)));
    }

    /**
     * The same vault in format 2: {@code slots} (legacy ones, numbered 1, 2, … in order, as a format
     * 2 reader numbers them) in a format 2 header, the records of {@code format3File} unchanged,
     * and a format 2 file MAC under {@code macKey}.
     */
    public static byte[] asFormat2(byte[] format3File, List<KeySlot> slots, byte[] macKey) {
        ParsedVault parsed;
        try {
            parsed = VaultCodec.parse(format3File);
        } catch (MalformedException | NewerFormatException e) {
            throw new AssertionError("not a format 3 file: " + e.getMessage(), e);
        }
        ByteWriter header = new ByteWriter().u8(VaultCodec.CIPHER_AES_256_GCM).u8(slots.size());
        for (KeySlot slot : slots) {
            byte[] parameters = slot.parameterBytes();
            header.u8(slot.type()).u16(parameters.length + slot.wrappedKey().length)
                    .bytes(parameters).bytes(slot.wrappedKey());
        }
        header.u16(0);
        byte[] headerBytes = header.toByteArray();
        ByteWriter front = new ByteWriter().bytes(VaultCodec.MAGIC).u8(VaultCodec.MAJOR_V2).u8(0)
                .u32(headerBytes.length).bytes(headerBytes);
        front.bytes(new byte[32]); // checksum, filled below
        RecordTable table = parsed.table();
        front.u32(table.count());
        int recordsStart = table.start();
        byte[] records = Arrays.copyOfRange(format3File, recordsStart, format3File.length);
        byte[] file = front.bytes(records).toByteArray();
        Reseal.checksum(file);
        Reseal.mac(file, macKey);
        return file;
    }

    private static byte[] aad(KeySlot slot) {
        byte[] parameters = slot.parameterBytes();
        byte[] aad = Arrays.copyOf(AAD_PREFIX, AAD_PREFIX.length + 1 + parameters.length);
        aad[AAD_PREFIX.length] = (byte) slot.type();
        System.arraycopy(parameters, 0, aad, AAD_PREFIX.length + 1, parameters.length);
        return aad;
    }
}
