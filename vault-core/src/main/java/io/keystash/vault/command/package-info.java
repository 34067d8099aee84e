/**
 * Running the user's own shell commands (rotation, validation, passphrase) the one careful way:
 * no unlock variable in their environment, bounded output that is wiped, a time limit.
 */
package io.keystash.vault.command;
