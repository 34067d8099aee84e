/**
 * The controlling terminal ({@code /dev/tty}): hidden prompts that put the terminal's echo back on
 * every way out, shared by the CLI and the agent so that both ask, and restore, the same way.
 */
package io.keystash.vault.terminal;
