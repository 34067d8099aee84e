/**
 * Commands on the vault itself: {@code init}, {@code passwd}, {@code keyfile create} (key slots)
 * and {@code audit} (the trail). Backups and import/export (issue 5) join them here.
 */
package io.keystash.cli.vault;
