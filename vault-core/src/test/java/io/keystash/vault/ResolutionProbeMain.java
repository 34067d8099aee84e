package io.keystash.vault;

import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.format.ParsedVault;
import io.keystash.vault.format.VaultCodec;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.KeySlots;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Run in a fresh JVM by {@link ResolutionClassesTest}: reads, unlocks and checks a vault once (so
 * the classes of those steps are loaded), loads {@link Marker}, then opens the vault and resolves
 * a profile as the agent does. What the JVM loads after the marker is what the resolution needs
 * beyond the unlock. Arguments: vault file, key file, profile.
 */
final class ResolutionProbeMain {
    private ResolutionProbeMain() {
    }

    public static void main(String[] args) throws Exception {
        Path vaultFile = Path.of(args[0]);
        try (KeyFileKey key = KeyFileKey.read(Path.of(args[1]))) {
            byte[] file = VaultReader.read(vaultFile);
            ParsedVault parsed = VaultCodec.parse(file);
            try (DataKey unlocked = KeySlots.unlock(parsed.header(), key).dataKey()) {
                if (!VaultCodec.macMatches(parsed, unlocked.fileMacKey())) {
                    throw new IllegalStateException("the probe's vault does not check");
                }
                Marker.reached();
            }
            try (Vault vault = VaultReader.open(vaultFile, file, key, Clock.systemUTC())) {
                System.out.println("resolved " + vault.resolveProfile(args[2]).environment().size());
            }
        }
    }

    /** Its loading marks the point in the class-load log where the unlock and the check have ended. */
    static final class Marker {
        private Marker() {
        }

        static void reached() {
        }
    }
}
