/**
 * The reliability and security suite (docs/reliability.md): attacks the whole product from outside
 * the way a crash, a second process, a careless user and an attacker with write access to the files
 * would, through the real launcher {@code cli/target/keystash} and real JVMs with the real agent
 * jar. Every test records what it ran in {@link io.keystash.it.reliability.Summary}, written to
 * {@code it-tests/target/reliability-summary.md} and printed at the end of the run.
 *
 * <p>Seeds are fixed; {@code -Dkeystash.reliability.scale=N} multiplies the iteration counts
 * (kills, fuzz cases, tamper samples) for a longer run, and {@code -Dkeystash.reliability.seed=S}
 * changes the seed.
 */
package io.keystash.it.reliability;
