package io.keystash.vault.trust;

import java.util.Locale;

/** Where a key stands with this machine's approvals (see {@link Approvals}). */
public enum TrustStatus {
    /** The key has no command, endpoint or setting that needs approval. */
    NOT_NEEDED,
    /** This machine approved the key's configuration as it is now (or set it itself). */
    APPROVED,
    /** The key's configuration came from elsewhere and is neither run nor served here. */
    UNAPPROVED;

    /** {@code not-needed}, {@code approved}, {@code unapproved}: the form in JSON output. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
