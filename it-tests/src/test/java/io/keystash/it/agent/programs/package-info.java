/**
 * Programs the agent tests launch in real JVMs under the agent. They report what they saw as
 * {@code check=value} lines on stdout, secrets only as hashes.
 */
package io.keystash.it.agent.programs;
