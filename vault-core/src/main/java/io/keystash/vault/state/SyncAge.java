package io.keystash.vault.state;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.format.Header;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The agent's {@code max-age}: a replica of a shared vault that has not been synced for longer is
 * refused, so a server whose sync stopped (the store unreachable, the sync process dead) stops
 * serving keys that may have been rotated or revoked elsewhere, instead of serving them forever.
 */
public final class SyncAge {
    private SyncAge() {
    }

    /**
     * Refuses the vault of {@code header} when its replica's last successful sync is older than
     * {@code maxAge} at {@code now}, or when it was never synced. One read of its state file.
     */
    public static void require(Header header, Path vaultFile, StateFolder state, Duration maxAge, Instant now)
            throws VaultException {
        VaultFacts.Sync sync = header.vaultId() == null ? null : state.read(header.vaultId()).sync();
        if (sync == null) {
            throw new VaultException(Failure.OLDER, "vault " + vaultFile + " has never been synced with a shared store,"
                    + " and max-age=" + describe(maxAge) + " asks for a recent sync (run: keystash pull)");
        }
        Duration age = Duration.between(Instant.ofEpochMilli(sync.syncedAt()), now);
        if (age.compareTo(maxAge) > 0) {
            throw new VaultException(Failure.OLDER, "vault " + vaultFile + " was last synced " + describe(age)
                    + " ago, longer than max-age=" + describe(maxAge) + " (is keystash sync --watch running?)");
        }
    }

    /** {@code 45s}, {@code 12m 5s}, {@code 3h 2m}, {@code 2d 4h}: the two largest units. */
    public static String describe(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        long[] sizes = {86_400, 3_600, 60, 1};
        String[] units = {"d", "h", "m", "s"};
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < sizes.length && shown < 2; i++) {
            long count = seconds / sizes[i];
            seconds -= count * sizes[i];
            if (count > 0 || shown > 0) {
                if (count > 0) {
                    out.append(out.length() == 0 ? "" : " ").append(count).append(units[i]);
                }
                shown++;
            }
        }
        return out.length() == 0 ? "0s" : out.toString();
    }
}
