/**
 * Where vault files live and how they are written: owner-only permissions from creation,
 * atomic replacement, and the lock that keeps concurrent writers from losing each other's updates.
 */
package io.keystash.vault.storage;
