package io.keystash.vault.crypto;

import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Making Bouncy Castle's objects forget a key once they are done with it. A cipher or MAC keeps
 * what it derived from its key (an AES key schedule begins with the key itself; an HMAC keeps the
 * key XORed with its pads) until it is keyed again, and nothing else clears it: re-keying them
 * with an all-zero key overwrites those arrays in place. Without this, a heap dump taken after the
 * agent's start showed the record-encryption key in AES key schedules left for the collector.
 */
final class KeyWipe {
    private static final byte[] ZERO_KEY = new byte[32];
    private static final byte[] ZERO_NONCE = new byte[Aead.NONCE_BYTES];

    private KeyWipe() {
    }

    /** Overwrites the HMAC's pads and state with those of an all-zero key. */
    static void forget(HMac mac) {
        mac.init(new KeyParameter(ZERO_KEY));
    }

    /** Replaces the GCM cipher's AES key schedule (cleared by the engine on re-keying) with an all-zero key's. */
    static void forget(GCMModeCipher gcm) {
        gcm.init(false, new AEADParameters(new KeyParameter(ZERO_KEY), Aead.TAG_BYTES * 8, ZERO_NONCE));
    }
}
