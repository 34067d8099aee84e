/**
 * Where vault files live and how they are written: owner-only permissions from creation,
 * atomic replacement, and the lock that keeps concurrent writers from losing each other's updates.
 *
 * <p><b>Internal to Keystash</b>, but for {@link VaultPaths}, which says where a vault and its
 * companions are. The rest is public only because other vault-core packages, Keystash's CLI and
 * agent, and its tests use it; what is here may change in any release.
 */
package io.keystash.vault.storage;
