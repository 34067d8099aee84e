/**
 * Unlocking: the credentials that open a key slot (passphrase, key file) and the one place that
 * decides which source wins, so the CLI and the agent can never disagree about it.
 */
package io.keystash.vault.unlock;
