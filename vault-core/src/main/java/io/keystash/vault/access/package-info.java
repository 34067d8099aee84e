/**
 * Which programs read which of the names a profile served them: the agent's read map, one line
 * per program run in {@code KEYSTASH_HOME/access/reads.log} (names, counts, times and class
 * names; never a value), and {@code report --access}'s reading of it against a vault's bindings.
 * The agent writes with {@link io.keystash.vault.access.ReadLog} and the CLI reads with it, so the
 * two never disagree on the file.
 */
package io.keystash.vault.access;
