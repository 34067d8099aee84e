/**
 * The {@code keystash} command line: the root command, its global options, and the one place
 * that turns those options into an unlocked vault ({@link io.keystash.cli.VaultAccess}) and
 * failures into the documented exit statuses ({@link io.keystash.cli.Failures}). Each capability's
 * commands live in a sub-package; commands parse, call vault-core, and print.
 */
package io.keystash.cli;
