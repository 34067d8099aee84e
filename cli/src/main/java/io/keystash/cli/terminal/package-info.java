/**
 * Talking to people and scripts: the terminal (hidden prompts through {@link java.io.Console} or
 * {@code /dev/tty}), secret input from standard input, aligned tables and {@code --json} output.
 */
package io.keystash.cli.terminal;
