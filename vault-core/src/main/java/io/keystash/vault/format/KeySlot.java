package io.keystash.vault.format;

/**
 * One way to unlock a vault: a copy of the data key wrapped (AES-256-GCM) under a key that a
 * passphrase, a key file or an identity yields. A vault has one or more, each with an id that is
 * unique within the vault and names it in the (encrypted) member list.
 *
 * <p>{@link RecipientSlot} is what Keystash writes; {@link PassphraseSlot} and {@link KeyFileSlot}
 * are the symmetric slots of format 2, still opened, and replaced by a recipient slot the next
 * time the vault is written after being opened with them.
 */
public sealed interface KeySlot permits PassphraseSlot, KeyFileSlot, RecipientSlot {
    int TYPE_PASSPHRASE = 1;
    int TYPE_KEY_FILE = 2;
    int TYPE_RECIPIENT = 3;

    int type();

    /** The slot's id within its vault (format 2 slots get 1, 2, 3… in header order). */
    long id();

    /** What opens it. */
    SlotKind kind();

    /** The slot's parameters, everything but the id and the wrapped key. */
    byte[] parameterBytes();

    /** {@code nonce || wrapped data key || tag}. */
    byte[] wrappedKey();

    /** True for the symmetric slots of format 2, which a rekey cannot re-wrap without their secret. */
    default boolean legacy() {
        return type() != TYPE_RECIPIENT;
    }
}
