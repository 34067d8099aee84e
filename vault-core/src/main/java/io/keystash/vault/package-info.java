/**
 * The Keystash vault: {@link io.keystash.vault.VaultStore} creates, opens and atomically changes
 * the encrypted file; {@link io.keystash.vault.Vault} is an unlocked vault in memory;
 * {@link io.keystash.vault.Secret} carries a value that never shows itself by accident; and
 * {@link io.keystash.vault.Failure} gives every failure its exit status. Handles from
 * {@code open} and {@code read} refuse changes; only the vault {@code update} hands its change is
 * written, and every write is audited. Packages whose Javadoc says <b>internal</b> ({@code crypto},
 * {@code format}, {@code storage}, {@code state}, {@code concurrent}) are not an API for programs
 * that embed vault-core.
 */
package io.keystash.vault;
