package io.keystash.vault.members;

import io.keystash.vault.format.SlotKind;
import io.keystash.vault.identity.Recipient;

import java.time.Instant;

/**
 * One way into a vault, as {@code keystash member list} shows it.
 *
 * @param slotId    the key slot it opens
 * @param name      unique within the vault: {@code passphrase}, {@code ci-server}, {@code bob}
 * @param kind      passphrase, key file or identity
 * @param publicKey the slot's X25519 public key, which a rekey re-wraps to; null for a format 2
 *                  slot that has not been opened since the vault was upgraded
 * @param added     when it was added, or null when unknown (slots from before members had names)
 * @param addedBy   who added it ({@code member (user@host)}), or null when unknown
 */
public record Member(long slotId, String name, SlotKind kind, byte[] publicKey, Instant added, String addedBy) {
    /** A short fingerprint of the public key, or {@code -} when there is none yet. */
    public String fingerprint() {
        return publicKey == null ? "-" : Recipient.fingerprintOf(publicKey);
    }

    /** True for a format 2 slot whose public key is unknown: a rekey cannot carry it over. */
    public boolean needsUpgrade() {
        return publicKey == null;
    }

    /** The same member with a public key (a format 2 slot opened and converted). */
    public Member withPublicKey(byte[] key) {
        return new Member(slotId, name, kind, key, added, addedBy);
    }
}
