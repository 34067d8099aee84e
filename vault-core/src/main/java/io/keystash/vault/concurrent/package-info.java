/** Work split across threads where a cold start or a large vault gains from a second core. *
 * <p><b>Internal to Keystash.</b> Public only because other vault-core packages, Keystash's CLI and agent,
 * and its tests use it; a program that embeds vault-core uses {@link io.keystash.vault.VaultStore} and
 * {@link io.keystash.vault.Vault} instead. What is here may change in any release.
 */
package io.keystash.vault.concurrent;
