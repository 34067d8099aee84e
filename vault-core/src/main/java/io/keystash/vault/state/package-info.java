/**
 * What this machine remembers about the vaults it opens, under {@code KEYSTASH_HOME/state/}: the
 * newest generation of each vault seen, so an older copy is refused, and the approvals of
 * commands and endpoints that arrived from elsewhere. It lives in the user's home, apart from the
 * vault's folder, so whoever can replace a vault file cannot also rewrite what was remembered.
 *
 * <p><b>Internal to Keystash.</b> Public only because other vault-core packages, Keystash's CLI and agent,
 * and its tests use it; a program that embeds vault-core uses {@link io.keystash.vault.VaultStore} and
 * {@link io.keystash.vault.Vault} instead. What is here may change in any release.
 */
package io.keystash.vault.state;
