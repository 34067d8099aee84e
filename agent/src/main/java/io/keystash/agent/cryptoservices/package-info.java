/**
 * Bouncy Castle's service registrar as the agent's private, relocated copy of Bouncy Castle sees
 * it: the shade plugin points that copy's references here (agent {@code pom.xml}), so that its
 * first use builds no DSA/DH parameters, reads no security properties and starts no
 * {@code java.util.logging} on the agent's start path.
 */
package io.keystash.agent.cryptoservices;
