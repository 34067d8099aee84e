package io.keystash.vault.unlock;

import io.keystash.vault.crypto.X25519Wrap;
import io.keystash.vault.format.SlotKind;

import java.util.Arrays;

/**
 * The X25519 private key of one member's slot, derived once from that member's passphrase (its
 * KDF output), key file or identity ({@link KeySlots#slotKey}): what an unlock session holds.
 *
 * <p>Why this and not the passphrase: the passphrase may open other things, the key is good for
 * this vault's slot only (for a passphrase, its salt is in the key); holding it spares every later
 * unlock the KDF; and a rekey by another member, which re-wraps the slot to the same public key,
 * leaves it valid. {@link #close()} wipes it.
 */
public final class SlotKey implements Credential {
    private final SlotKind kind;
    private final byte[] privateKey;
    private final byte[] publicKey;
    private final String origin;

    SlotKey(SlotKind kind, byte[] privateKey, byte[] publicKey, String origin) {
        this.kind = kind;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.origin = origin;
    }

    /** Takes ownership of {@code privateKey} (32 bytes) for slots of {@code kind}. */
    public static SlotKey of(SlotKind kind, byte[] privateKey, String origin) {
        return new SlotKey(kind, privateKey, X25519Wrap.publicKey(privateKey), origin);
    }

    /** The kind of slot this key opens. */
    public SlotKind kind() {
        return kind;
    }

    /** The private key; valid until {@link #close()}. */
    public byte[] privateKey() {
        return privateKey;
    }

    /** The public key the slot is sealed to (a copy). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public void close() {
        Arrays.fill(privateKey, (byte) 0);
    }

    @Override
    public String toString() {
        return "SlotKey[" + kind.label() + ", " + origin + "]";
    }
}
