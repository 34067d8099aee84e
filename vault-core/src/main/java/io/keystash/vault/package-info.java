/**
 * The Keystash vault: {@link io.keystash.vault.VaultStore} creates, opens and atomically changes
 * the encrypted file; {@link io.keystash.vault.Vault} is an unlocked vault in memory;
 * {@link io.keystash.vault.Secret} carries a value that never shows itself by accident; and
 * {@link io.keystash.vault.Failure} gives every failure its exit status. The CLI and the agent
 * use only this API.
 */
package io.keystash.vault;
