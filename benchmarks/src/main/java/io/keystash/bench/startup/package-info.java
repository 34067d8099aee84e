/**
 * The pieces of the whole-JVM start-up harness ({@code benchmarks/startup/run.sh}): the tiny
 * program every launch runs, the do-nothing agent that marks the floor of any {@code -javaagent},
 * and the fixtures (vaults, key and passphrase files, a dotenvx {@code .env}) the launches read.
 */
package io.keystash.bench.startup;
