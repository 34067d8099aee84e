/**
 * Who can open a vault: its members (one per key slot: the passphrase, key files, identities),
 * the keys a removed member could read until they are rotated, and the audit chain's keys across
 * rekeys. Stored in encrypted records, so the list of members is as private as the keys.
 */
package io.keystash.vault.members;
