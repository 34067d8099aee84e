/**
 * The vault file's byte layout, documented in {@code vault-core/FORMAT.md}: a small clear header
 * (version, key slots), then sealed records found by opaque ids, then a MAC over everything.
 * Parsing checks structure and caps before any key is derived, so a hostile file fails fast.
 *
 * <p><b>Internal to Keystash</b>, but for {@link SlotKind}, which names a member's kind. The rest is
 * public only because other vault-core packages and the tests (which build damaged and legacy
 * files) use it; what is here may change in any release.
 */
package io.keystash.vault.format;
