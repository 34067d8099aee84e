/**
 * Start-up of the {@code keystash} command itself: the training run from which the build writes
 * the class-data-sharing archive that the launcher maps, so a command's classes (picocli's model,
 * Bouncy Castle, Jackson, ours) come from a pre-parsed, pre-verified archive instead of the jar.
 */
package io.keystash.cli.startup;
