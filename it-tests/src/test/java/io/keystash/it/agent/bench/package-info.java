/** The agent's start-up benchmark (not a test: run by {@code agent/bench/startup.sh}). */
package io.keystash.it.agent.bench;
