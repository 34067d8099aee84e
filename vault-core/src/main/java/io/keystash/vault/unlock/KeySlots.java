package io.keystash.vault.unlock;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.crypto.Aead;
import io.keystash.vault.crypto.AeadFailure;
import io.keystash.vault.crypto.Argon2idParams;
import io.keystash.vault.crypto.CryptoRandom;
import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.crypto.Hkdf;
import io.keystash.vault.crypto.KdfParams;
import io.keystash.vault.crypto.X25519Wrap;
import io.keystash.vault.format.Header;
import io.keystash.vault.format.KeyFileSlot;
import io.keystash.vault.format.KeySlot;
import io.keystash.vault.format.PassphraseSlot;
import io.keystash.vault.format.RecipientSlot;
import io.keystash.vault.format.SlotKind;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Wrapping the data key into key slots and unwrapping it with a credential.
 *
 * <p>Every slot Keystash writes is a recipient slot: the data key sealed to an X25519 public key
 * ({@link X25519Wrap}). What differs between members is where the private key comes from: an
 * identity file holds it; a key file's is {@code HKDF(file's 32 bytes, "keystash v3 key file
 * identity")}; a passphrase's is {@code HKDF(KDF(passphrase, salt), "keystash v3 passphrase
 * identity")}. Because each slot has a public key, a rekey re-wraps a new data key for every
 * remaining member without any of their secrets.
 *
 * <p>Format 2's symmetric slots ({@link PassphraseSlot}, {@link KeyFileSlot}) still open; their
 * credential's public key is worked out at the same time, so the vault can replace such a slot by
 * a recipient slot the next time it is written.
 */
public final class KeySlots {
    private static final int SALT_BYTES = 16;
    private static final byte[] LEGACY_AAD_PREFIX = "keystash v1 slot".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AAD_PREFIX = "keystash v3 slot".getBytes(StandardCharsets.US_ASCII);
    private static final String KEY_FILE_IDENTITY = "keystash v3 key file identity";
    private static final String PASSPHRASE_IDENTITY = "keystash v3 passphrase identity";

    private KeySlots() {
    }

    /**
     * What opened a vault: its data key (the caller owns and closes it), the slot, and the public
     * key of the credential for that slot.
     */
    public record Unlocked(DataKey dataKey, KeySlot slot, byte[] publicKey) {
    }

    /** A slot just made, with the public key it was sealed to (the member list keeps it for rekeys). */
    public record NewSlot(RecipientSlot slot, byte[] publicKey) {
    }

    /** A new slot of the credential's kind; a passphrase slot gets a fresh salt and {@code kdf}. */
    public static NewSlot slotFor(DataKey dataKey, Credential credential, KdfParams kdf, long id) throws VaultException {
        if (credential instanceof SlotKey || credential instanceof SessionCredential) {
            throw new IllegalArgumentException("a new slot needs a passphrase, a key file or an identity");
        }
        if (credential instanceof Passphrase passphrase) {
            if (passphrase.isEmpty()) {
                throw new VaultException(Failure.INVALID_INPUT, "the passphrase is empty");
            }
            KdfParams params = kdf == null ? KdfParams.defaultParams() : kdf;
            byte[] salt = CryptoRandom.bytes(SALT_BYTES);
            byte[] privateKey = passphrasePrivateKey(passphrase, params, salt);
            try {
                byte[] publicKey = X25519Wrap.publicKey(privateKey);
                return new NewSlot(sealTo(dataKey, SlotKind.PASSPHRASE, publicKey, id, params, salt), publicKey);
            } finally {
                Arrays.fill(privateKey, (byte) 0);
                collectPassphraseLeftovers();
            }
        }
        byte[] publicKey = publicKeyOf(credential);
        SlotKind kind = credential instanceof IdentityKey ? SlotKind.IDENTITY : SlotKind.KEY_FILE;
        return new NewSlot(sealTo(dataKey, kind, publicKey, id, null, null), publicKey);
    }

    /**
     * A slot for a member known only by public key: an identity added by its recipient, or any
     * member re-wrapped by a rekey (a passphrase member keeps its KDF and salt, so the same
     * passphrase opens it).
     */
    public static RecipientSlot sealTo(DataKey dataKey, SlotKind kind, byte[] publicKey, long id, KdfParams kdf, byte[] salt) {
        byte[] bound = RecipientSlot.boundParameters(id, kind, kdf, salt);
        byte[] raw = dataKey.rawForWrapping();
        X25519Wrap.Wrapped wrapped;
        try {
            wrapped = X25519Wrap.wrap(publicKey, raw, aad(AAD_PREFIX, bound));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
        return new RecipientSlot(id, kind, kdf, salt, wrapped.ephemeralShare(), wrapped.sealed());
    }

    /** The public key a key file or an identity opens recipient slots with (not defined for passphrases, which need a salt). */
    public static byte[] publicKeyOf(Credential credential) {
        if (credential instanceof IdentityKey identity) {
            return X25519Wrap.publicKey(identity.privateKey());
        }
        if (credential instanceof KeyFileKey keyFile) {
            byte[] privateKey = keyFilePrivateKey(keyFile);
            try {
                return X25519Wrap.publicKey(privateKey);
            } finally {
                Arrays.fill(privateKey, (byte) 0);
            }
        }
        if (credential instanceof SlotKey held) {
            return held.publicKey();
        }
        throw new IllegalArgumentException("a passphrase's public key depends on its slot's salt");
    }

    /**
     * Opens the first slot of the credential's kind that it unlocks. Fails with WRONG_KEY when none
     * does, or when the vault has no slot of that kind at all. A header holds at most one passphrase
     * slot, so the KDF runs at most once. A running unlock session ({@link SessionCredential}) is
     * asked to open the slot sealed to the key it holds.
     */
    public static Unlocked unlock(Header header, Credential credential) throws VaultException {
        if (credential instanceof SessionCredential session) {
            return session.unlock(header);
        }
        Opened opened = open(header.slots(), credential);
        wipe(opened.privateKey());
        return new Unlocked(DataKey.of(opened.rawKey()), opened.slot(), opened.publicKey());
    }

    /**
     * The X25519 private key of the credential's slot in {@code header}, derived once (for a
     * passphrase, the KDF with that slot's parameters), checked by opening the slot: what an unlock
     * session holds, so that it never needs the passphrase or the key file again. A rekey keeps a
     * passphrase slot's KDF parameters and salt, so the key keeps opening the re-wrapped slot; a new
     * passphrase ({@code passwd}) does not. A format 2 slot, which is symmetric, has no such key:
     * CONFLICT, until a change made with the credential rewrites the slot.
     */
    public static SlotKey slotKey(Header header, Credential credential) throws VaultException {
        if (credential instanceof SessionCredential) {
            throw new IllegalArgumentException("an unlock session's key stays in the session");
        }
        Opened opened = open(header.slots(), credential);
        Arrays.fill(opened.rawKey(), (byte) 0);
        if (opened.privateKey() == null) {
            throw new VaultException(Failure.CONFLICT, "the vault's " + opened.slot().kind().label()
                    + " slot is still in the older format 2, which an unlock session cannot hold; make one change to the vault"
                    + " unlocked with " + credential.origin() + " first (a store, a profile change: the write rewrites the"
                    + " slot), then unlock again");
        }
        return new SlotKey(opened.slot().kind(), opened.privateKey(), opened.publicKey(), credential.origin());
    }

    /**
     * Opens the slot among {@code slots} sealed to {@code key} (an unlock session answering a
     * client, which sent its vault's slots). WRONG_KEY when none is.
     */
    public static Unlocked unlock(List<KeySlot> slots, SlotKey key) throws VaultException {
        Opened opened = open(slots, key);
        wipe(opened.privateKey());
        return new Unlocked(DataKey.of(opened.rawKey()), opened.slot(), opened.publicKey());
    }

    /** A slot opened: the raw data key, the slot, and its key pair (private key null for a format 2 slot). */
    private record Opened(byte[] rawKey, KeySlot slot, byte[] privateKey, byte[] publicKey) {
    }

    private static Opened open(List<KeySlot> slots, Credential credential) throws VaultException {
        SlotKind kind = kindOf(credential);
        byte[] privateKey = null;
        byte[] publicKey = null;
        boolean kindPresent = false;
        try {
            for (KeySlot slot : slots) {
                if (slot.kind() != kind) {
                    continue;
                }
                kindPresent = true;
                if (slot instanceof RecipientSlot recipientSlot) {
                    if (credential instanceof SlotKey held) {
                        if (privateKey == null) {
                            privateKey = held.privateKey().clone();
                            publicKey = held.publicKey();
                        }
                    } else if (kind == SlotKind.PASSPHRASE) {
                        wipe(privateKey);
                        privateKey = passphrasePrivateKey((Passphrase) credential, recipientSlot.kdf(), recipientSlot.salt());
                        publicKey = X25519Wrap.publicKey(privateKey);
                    } else if (privateKey == null) {
                        privateKey = kind == SlotKind.IDENTITY ? ((IdentityKey) credential).privateKey().clone()
                                : keyFilePrivateKey((KeyFileKey) credential);
                        publicKey = X25519Wrap.publicKey(privateKey);
                    }
                    byte[] raw = openRecipientSlot(recipientSlot, privateKey, publicKey);
                    if (raw != null) {
                        Opened opened = new Opened(raw, slot, privateKey, publicKey);
                        privateKey = null; // handed over
                        return opened;
                    }
                } else if (!(credential instanceof SlotKey)) {
                    Unlocked legacy = openLegacySlot(slot, credential);
                    if (legacy != null) {
                        byte[] raw = legacy.dataKey().rawForWrapping().clone();
                        legacy.dataKey().close();
                        return new Opened(raw, slot, null, legacy.publicKey());
                    }
                }
            }
        } finally {
            wipe(privateKey);
            if (credential instanceof Passphrase) {
                collectPassphraseLeftovers();
            }
        }
        if (!kindPresent) {
            throw new VaultException(Failure.WRONG_KEY,
                    "wrong passphrase or key: this vault has no " + kind.label() + " slot (" + credential.origin() + "); "
                            + "see the ways in it has with: keystash doctor");
        }
        throw new VaultException(Failure.WRONG_KEY, "wrong passphrase or key (" + credential.origin() + "); "
                + "try again, or see the ways in the vault has with: keystash doctor");
    }

    private static byte[] openRecipientSlot(RecipientSlot slot, byte[] privateKey, byte[] publicKey) {
        byte[] bound = RecipientSlot.boundParameters(slot.id(), slot.kind(), slot.kdf(), slot.salt());
        try {
            return X25519Wrap.unwrap(privateKey, publicKey, slot.ephemeralShare(), slot.wrappedKey(), aad(AAD_PREFIX, bound));
        } catch (AeadFailure notThisSlot) {
            return null;
        }
    }

    /** A format 2 slot: the symmetric key-encryption key of its kind; the v3 public key comes along. */
    private static Unlocked openLegacySlot(KeySlot slot, Credential credential) throws VaultException {
        byte[] kek;
        byte[] v3PrivateKey;
        if (slot instanceof KeyFileSlot keySlot) {
            KeyFileKey keyFile = (KeyFileKey) credential;
            kek = Hkdf.derive(keyFile.bytes(), keySlot.salt(), "keystash v1 key file slot");
            v3PrivateKey = keyFilePrivateKey(keyFile);
        } else {
            PassphraseSlot passSlot = (PassphraseSlot) slot;
            kek = derive((Passphrase) credential, passSlot.kdf(), passSlot.salt());
            v3PrivateKey = Hkdf.derive(kek, null, PASSPHRASE_IDENTITY);
        }
        try {
            byte[] raw = Aead.open(kek, slot.wrappedKey(), aad(LEGACY_AAD_PREFIX, slot.type(), slot.parameterBytes()));
            return new Unlocked(DataKey.of(raw), slot, X25519Wrap.publicKey(v3PrivateKey));
        } catch (AeadFailure wrong) {
            return null;
        } finally {
            Arrays.fill(kek, (byte) 0);
            Arrays.fill(v3PrivateKey, (byte) 0);
        }
    }

    private static SlotKind kindOf(Credential credential) {
        if (credential instanceof SlotKey held) {
            return held.kind();
        }
        if (credential instanceof Passphrase) {
            return SlotKind.PASSPHRASE;
        }
        return credential instanceof IdentityKey ? SlotKind.IDENTITY : SlotKind.KEY_FILE;
    }

    private static byte[] keyFilePrivateKey(KeyFileKey keyFile) {
        return Hkdf.derive(keyFile.bytes(), null, KEY_FILE_IDENTITY);
    }

    private static byte[] passphrasePrivateKey(Passphrase passphrase, KdfParams kdf, byte[] salt) throws VaultException {
        byte[] derived = derive(passphrase, kdf, salt);
        try {
            return Hkdf.derive(derived, null, PASSPHRASE_IDENTITY);
        } finally {
            Arrays.fill(derived, (byte) 0);
        }
    }

    /**
     * Runs the KDF, after checking that this JVM can give Argon2id the memory the slot asks for: a
     * header may ask for up to 1 GiB, and running out of memory half-way would be a crash, not an
     * answer.
     */
    private static byte[] derive(Passphrase passphrase, KdfParams kdf, byte[] salt) throws VaultException {
        if (kdf instanceof Argon2idParams argon) {
            long needed = argon.memoryKiB() * 1024L;
            Runtime runtime = Runtime.getRuntime();
            long available = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
            if (needed > available) {
                throw new VaultException(Failure.IO, "the vault's passphrase KDF (" + argon.describe() + ") needs "
                        + (needed >> 20) + " MiB but this JVM can give it only " + Math.max(0, available >> 20)
                        + " MiB: allow more heap (-Xmx, or KEYSTASH_JAVA_OPTS for the CLI)");
            }
        }
        try {
            return kdf.deriveKey(passphrase.chars(), salt);
        } catch (OutOfMemoryError e) {
            throw new VaultException(Failure.IO, "not enough memory to run the vault's passphrase KDF ("
                    + kdf.describe() + "): allow more heap (-Xmx, or KEYSTASH_JAVA_OPTS for the CLI)");
        }
    }

    /**
     * Called once a passphrase's work is done (the KDF and the X25519 use of the key it gave).
     * Bouncy Castle leaves the passphrase and the derived private key in arrays nothing can wipe
     * (Blake2b's message words inside Argon2id, PBKDF2's key parameter, X25519's decoded scalar);
     * one collection clears them from the heap (a few milliseconds on the small heap of a start,
     * beside the KDF's hundreds). After the X25519 step, not after the KDF alone: the scalar's copy
     * would otherwise stay until the program's next collection.
     */
    private static void collectPassphraseLeftovers() {
        System.gc();
    }

    private static byte[] aad(byte[] prefix, byte[] bound) {
        byte[] aad = Arrays.copyOf(prefix, prefix.length + bound.length);
        System.arraycopy(bound, 0, aad, prefix.length, bound.length);
        return aad;
    }

    private static byte[] aad(byte[] prefix, int type, byte[] parameters) {
        byte[] aad = Arrays.copyOf(prefix, prefix.length + 1 + parameters.length);
        aad[prefix.length] = (byte) type;
        System.arraycopy(parameters, 0, aad, prefix.length + 1, parameters.length);
        return aad;
    }

    private static void wipe(byte[] bytes) {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
