package io.keystash.vault.format;

import java.util.Map;

/**
 * A vault file split into its parts, structure checked but nothing decrypted or authenticated yet.
 *
 * @param header the header
 * @param table  the sealed records, read in place
 * @param file   the whole file, for the MAC check
 * @param major  the file's format major version (1 or 2: they differ in the file MAC)
 */
public record ParsedVault(Header header, RecordTable table, byte[] file, int major) {
    /** Copies of the sealed records by id (for tools and tests). */
    public Map<RecordId, byte[]> records() {
        return table.toMap();
    }
}
