/**
 * Keeping keys fresh from the command line: {@code rotate} (by hand or {@code --due} through the
 * rotation providers), {@code rollback}, {@code history}, {@code report} and {@code check-expiry}.
 * The commands parse and print; the work is vault-core's {@code io.keystash.vault.rotation}.
 */
package io.keystash.cli.rotation;
