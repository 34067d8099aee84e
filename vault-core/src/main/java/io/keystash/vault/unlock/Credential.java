package io.keystash.vault.unlock;

/**
 * Something that opens a vault's key slot: a passphrase, the contents of a key file, or an identity.
 * Closing it wipes the material.
 */
public sealed interface Credential extends AutoCloseable permits Passphrase, KeyFileKey, IdentityKey {
    /** Where it came from, for messages: "key file /etc/app.key", "API_KEY_MASTER". Never the value. */
    String origin();

    @Override
    void close();
}
