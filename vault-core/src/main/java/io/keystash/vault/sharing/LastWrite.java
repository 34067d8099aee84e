package io.keystash.vault.sharing;

import java.time.Instant;

/**
 * Who made a vault's last write, as the vault records it (encrypted) on every write to a shared
 * store: so a machine whose change collides with another's can say who made the other.
 *
 * @param member     the member that unlocked the vault for the write, or null when unknown
 * @param userAtHost the operating-system user and host
 * @param at         when
 */
public record LastWrite(String member, String userAtHost, Instant at) {
    /** {@code bob} or, without a member name, {@code bob@laptop}. */
    public String who() {
        return member != null ? member : userAtHost != null ? userAtHost : "another member";
    }
}
