package io.keystash.agent.cryptoservices;

import org.bouncycastle.crypto.CryptoServiceProperties;

import java.security.SecureRandom;

/**
 * Stands in for Bouncy Castle's {@code CryptoServicesRegistrar} in the agent's private copy of
 * Bouncy Castle: the shade plugin points that copy's references here (agent {@code pom.xml}).
 *
 * <p>Why: the real registrar's static initialiser builds Bouncy Castle's default DSA and DH domain
 * parameters (a dozen 1,024–3,072-bit numbers parsed from hex), reads the security properties for
 * a constraints policy and creates a {@code java.util.logging} logger: 10–16 ms of every agent
 * start on the profile thread, for algorithms the agent never runs.
 *
 * <p>Why it changes nothing: the agent runs SHA-256, HMAC, HKDF, AES-GCM, Argon2id and PBKDF2
 * through Bouncy Castle's lightweight classes, which ask the registrar two things: whether a
 * constraints policy forbids the service (Bouncy Castle's default is none, and its one optional
 * policy concerns quantum-vulnerable public-key algorithms), and for a {@link SecureRandom} when
 * none was given. The copy is relocated under {@code io.keystash.agent}, so the program's own
 * Bouncy Castle, and anything the program registers with it, never reached it anyway. The
 * program's Bouncy Castle, if it has one, is untouched.
 *
 * <p>Only the members the bundled classes call exist here; {@code AgentJarIT} names any member
 * that a newer Bouncy Castle would call and that is missing, and checks that no other part of
 * the real registrar is left in the jar.
 */
public final class CryptoServicesRegistrar {
    private CryptoServicesRegistrar() {
    }

    /** No constraints policy is ever set on the agent's private copy: every service is allowed. */
    public static void checkConstraints(CryptoServiceProperties service) {
        // Bouncy Castle's default (no constraints configured) accepts every service, as here.
    }

    /** A fresh strong-enough default source, as Bouncy Castle's default provider gives one per thread. */
    public static SecureRandom getSecureRandom() {
        return new SecureRandom();
    }
}
