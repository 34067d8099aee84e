package io.keystash.vault.format;

import java.util.List;

/**
 * The clear part of a vault: format version and the key slots. Authenticated by the file MAC,
 * and checksummed so that accidental damage is told apart from a wrong passphrase.
 *
 * @param minor minor format version the file was written with
 * @param slots one or more ways to unlock
 */
public record Header(int minor, List<KeySlot> slots) {
    public Header {
        slots = List.copyOf(slots);
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("a vault needs at least one key slot");
        }
    }
}
