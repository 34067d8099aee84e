/**
 * Cryptographic building blocks, all standard constructions over Bouncy Castle primitives:
 * AES-256-GCM for every ciphertext, HKDF-SHA256 to separate purposes, HMAC-SHA256 for the file
 * MAC, record ids and the audit chain, and Argon2id or PBKDF2 for passphrases. Nothing here
 * implements a primitive; it only chooses and wires them.
 */
package io.keystash.vault.crypto;
