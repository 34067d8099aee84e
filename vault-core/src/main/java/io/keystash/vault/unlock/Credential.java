package io.keystash.vault.unlock;

/**
 * Something that opens a vault's key slot: a passphrase, the contents of a key file, an identity, the
 * key of one slot held by an unlock session ({@link SlotKey}), or a running unlock session itself.
 * Closing it wipes the material.
 */
public sealed interface Credential extends AutoCloseable
        permits Passphrase, KeyFileKey, IdentityKey, SlotKey, SessionCredential {
    /** Where it came from, for messages: "key file /etc/app.key", "API_KEY_MASTER". Never the value. */
    String origin();

    @Override
    void close();
}
