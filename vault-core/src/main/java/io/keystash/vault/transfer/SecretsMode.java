package io.keystash.vault.transfer;

import java.util.Locale;

/** How an export carries values: not at all, sealed under the vault's key slots, or in clear. */
public enum SecretsMode {
    /** Metadata, profiles and bindings only. */
    NONE,
    /** Values in a sealed copy of the exported part of the vault (FORMAT.md, "Export file"). */
    SEALED,
    /** Values in clear text next to their versions ({@code --plaintext}). */
    PLAINTEXT;

    /** The name in the export document's {@code secrets} field. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
