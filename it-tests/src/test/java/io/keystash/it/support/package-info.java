/**
 * Shared helpers of the integration tests, for the agent's and the CLI's: JDK discovery, starting
 * real processes, reading {@code /proc}, hashing what programs report, locating built artifacts.
 */
package io.keystash.it.support;
