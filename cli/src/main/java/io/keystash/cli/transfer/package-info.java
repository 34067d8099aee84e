/**
 * {@code export} and {@code import}: thin commands over vault-core's
 * {@link io.keystash.vault.transfer} engine — they choose the format, find the credentials, and
 * report; the parsing, checking and all-or-nothing import live in vault-core.
 */
package io.keystash.cli.transfer;
