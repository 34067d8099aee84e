/**
 * Keeping keys fresh: manual and automated rotation (a {@link java.util.ServiceLoader} SPI plus the
 * built-in {@code command} provider), rollback as a new version, backups before every change, due
 * dates, expiry checks, history and per-key status for reports.
 */
package io.keystash.vault.rotation;
