/**
 * The vault file's byte layout, documented in {@code vault-core/FORMAT.md}: a small clear header
 * (version, key slots), then sealed records found by opaque ids, then a MAC over everything.
 * Parsing checks structure and caps before any key is derived, so a hostile file fails fast.
 */
package io.keystash.vault.format;
