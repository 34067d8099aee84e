/**
 * {@code keystash doctor}: one screen that checks the set-up and says what to do. The vault's side
 * comes from vault-core ({@code io.keystash.vault.health}); this package adds what only the CLI
 * knows: the unlock sources at hand, the agent jar beside it, the JDKs on this machine,
 * {@code JAVA_TOOL_OPTIONS}, the shared store and the replica's lag, and the vault's unlock session.
 */
package io.keystash.cli.doctor;
