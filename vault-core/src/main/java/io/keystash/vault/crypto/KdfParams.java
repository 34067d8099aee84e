package io.keystash.vault.crypto;

/**
 * How a passphrase becomes a key-encryption key. Stored in the vault header so the cost can be
 * raised later without re-encrypting anything but the data key.
 *
 * <p>Every implementation refuses parameters above caps at construction, so a hostile vault
 * file cannot make a reader spend minutes or gigabytes before it fails.
 */
public sealed interface KdfParams permits Argon2idParams, Pbkdf2Params {

    /** The id written in the header: 1 Argon2id, 2 PBKDF2-HMAC-SHA256. */
    int id();

    /** Derives a 32-byte key; the caller clears it. */
    byte[] deriveKey(char[] passphrase, byte[] salt);

    /** A short human description, e.g. {@code argon2id m=65536KiB t=3 p=4}. */
    String describe();

    /** The default for new vaults: Argon2id at RFC 9106's second recommended setting. */
    static KdfParams defaultParams() {
        return Argon2idParams.RECOMMENDED;
    }
}
