package io.keystash.vault.format;

/**
 * One way to unlock a vault: a copy of the data key wrapped (AES-256-GCM) under a key that a
 * passphrase or a key file yields. A vault has one or more.
 */
public sealed interface KeySlot permits PassphraseSlot, KeyFileSlot {
    int TYPE_PASSPHRASE = 1;
    int TYPE_KEY_FILE = 2;

    int type();

    /** The slot's parameters, everything but the wrapped key: also the wrapping's associated data. */
    byte[] parameterBytes();

    /** {@code nonce || wrapped data key || tag}. */
    byte[] wrappedKey();
}
