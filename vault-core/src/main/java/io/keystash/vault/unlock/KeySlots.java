package io.keystash.vault.unlock;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.crypto.Aead;
import io.keystash.vault.crypto.AeadFailure;
import io.keystash.vault.crypto.CryptoRandom;
import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.crypto.Hkdf;
import io.keystash.vault.crypto.KdfParams;
import io.keystash.vault.format.Header;
import io.keystash.vault.format.KeyFileSlot;
import io.keystash.vault.format.KeySlot;
import io.keystash.vault.format.PassphraseSlot;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Wrapping the data key into key slots and unwrapping it with a credential.
 *
 * <p>A slot's key-encryption key is {@code KDF(passphrase, salt)} or
 * {@code HKDF(key file, salt, "keystash v1 key file slot")}; the data key is sealed under it with
 * AES-256-GCM, the slot's type and parameters as associated data, so a slot's parameters cannot be
 * edited without the slot failing to open.
 */
public final class KeySlots {
    private static final int SALT_BYTES = 16;
    private static final byte[] AAD_PREFIX = "keystash v1 slot".getBytes(StandardCharsets.US_ASCII);

    private KeySlots() {
    }

    /** A new passphrase slot for {@code dataKey}. */
    public static PassphraseSlot passphraseSlot(DataKey dataKey, Passphrase passphrase, KdfParams kdf)
            throws VaultException {
        if (passphrase.isEmpty()) {
            throw new VaultException(Failure.INVALID_INPUT, "the passphrase is empty");
        }
        byte[] salt = CryptoRandom.bytes(SALT_BYTES);
        PassphraseSlot unsealed = new PassphraseSlot(kdf, salt, new byte[0]);
        byte[] kek = kdf.deriveKey(passphrase.chars(), salt);
        try {
            return new PassphraseSlot(kdf, salt, Aead.seal(kek, dataKey.rawForWrapping(), aad(unsealed)));
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
    }

    /** A new key-file slot for {@code dataKey}. */
    public static KeyFileSlot keyFileSlot(DataKey dataKey, KeyFileKey keyFile) {
        byte[] salt = CryptoRandom.bytes(SALT_BYTES);
        KeyFileSlot unsealed = new KeyFileSlot(salt, new byte[0]);
        byte[] kek = keyFileKek(keyFile, salt);
        try {
            return new KeyFileSlot(salt, Aead.seal(kek, dataKey.rawForWrapping(), aad(unsealed)));
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
    }

    /** A new slot of the credential's kind. */
    public static KeySlot slotFor(DataKey dataKey, Credential credential, KdfParams kdf) throws VaultException {
        if (credential instanceof KeyFileKey keyFile) {
            return keyFileSlot(dataKey, keyFile);
        }
        return passphraseSlot(dataKey, (Passphrase) credential, kdf == null ? KdfParams.defaultParams() : kdf);
    }

    /**
     * Opens the first slot of the credential's kind that it unlocks. Fails with WRONG_KEY when none
     * does, or with LOCKED when the vault has no slot of that kind at all.
     */
    public static DataKey unlock(Header header, Credential credential) throws VaultException {
        boolean kindPresent = false;
        for (KeySlot slot : header.slots()) {
            byte[] kek = null;
            if (slot instanceof KeyFileSlot keySlot && credential instanceof KeyFileKey keyFile) {
                kek = keyFileKek(keyFile, keySlot.salt());
            } else if (slot instanceof PassphraseSlot passSlot && credential instanceof Passphrase passphrase) {
                kek = passSlot.kdf().deriveKey(passphrase.chars(), passSlot.salt());
            }
            if (kek == null) {
                continue;
            }
            kindPresent = true;
            try {
                return DataKey.of(Aead.open(kek, slot.wrappedKey(), aad(slot)));
            } catch (AeadFailure wrong) {
                // try the next slot of this kind
            } finally {
                Arrays.fill(kek, (byte) 0);
            }
        }
        if (!kindPresent) {
            String kind = credential instanceof KeyFileKey ? "key file" : "passphrase";
            throw new VaultException(Failure.WRONG_KEY,
                    "wrong passphrase or key: this vault has no " + kind + " slot (" + credential.origin() + ")");
        }
        throw new VaultException(Failure.WRONG_KEY, "wrong passphrase or key (" + credential.origin() + ")");
    }

    private static byte[] keyFileKek(KeyFileKey keyFile, byte[] salt) {
        return Hkdf.derive(keyFile.bytes(), salt, "keystash v1 key file slot");
    }

    private static byte[] aad(KeySlot slot) {
        byte[] parameters = slot.parameterBytes();
        byte[] aad = Arrays.copyOf(AAD_PREFIX, AAD_PREFIX.length + 1 + parameters.length);
        aad[AAD_PREFIX.length] = (byte) slot.type();
        System.arraycopy(parameters, 0, aad, AAD_PREFIX.length + 1, parameters.length);
        return aad;
    }
}
