/**
 * Cryptographic building blocks, all standard constructions over Bouncy Castle primitives:
 * AES-256-GCM for every ciphertext, HKDF-SHA256 to separate purposes, HMAC-SHA256 for the file
 * MAC, record ids and the audit chain, and Argon2id or PBKDF2 for passphrases. Nothing here
 * implements a primitive; it only chooses and wires them.
 *
 * <p><b>Internal to Keystash</b>, but for the passphrase KDF settings ({@link KdfParams},
 * {@link Argon2idParams}, {@link Pbkdf2Params}) that callers choose. The rest (raw-key AEAD, HKDF,
 * HMAC, X25519 wrapping, the data key) is public only because other vault-core packages, the
 * agent and the tests use it; what is here may change in any release.
 */
package io.keystash.vault.crypto;
