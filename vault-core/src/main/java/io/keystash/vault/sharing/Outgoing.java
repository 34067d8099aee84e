package io.keystash.vault.sharing;

import io.keystash.vault.format.EncodedFile;
import io.keystash.vault.format.VaultId;

/**
 * A vault file on its way out: the write that made it has not replaced the replica yet.
 *
 * @param vaultId    the vault's id
 * @param generation the generation the file carries
 * @param file       the file, as laid out, with its record groups' digests
 */
public record Outgoing(VaultId vaultId, long generation, EncodedFile file) {
}
