/**
 * {@code keystash trust}: reviewing and approving, on this machine, the commands, endpoints and
 * settings of keys that came from an import or another member. The decisions are vault-core's
 * {@code io.keystash.vault.trust}; this package shows them and asks.
 */
package io.keystash.cli.trust;
