/**
 * Commands on the vault itself: {@code init}, {@code passwd}, {@code keyfile create} (key slots)
 * and {@code audit} (the trail).
 */
package io.keystash.cli.vault;
