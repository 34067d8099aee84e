package io.keystash.vault.format;

import java.util.Map;

/**
 * A vault file split into its parts, structure checked but nothing decrypted or authenticated yet.
 *
 * @param header  the header
 * @param records sealed records by id, in file order
 * @param file    the whole file, for the MAC check
 */
public record ParsedVault(Header header, Map<RecordId, byte[]> records, byte[] file) {
}
