/**
 * The interception of {@code System.getenv} and of process creation.
 *
 * <p>No bytecode library on the start path: Byte Buddy's {@code AgentBuilder} or {@code Advice}
 * cost 220–580 ms of class loading at every start, a visitor on its repackaged ASM still 50–100 ms.
 * Instead {@link io.keystash.agent.intercept.JdkPatches} re-points four method references in the
 * constant pools of {@code System} and {@code ProcessBuilder} (no code byte changes, so javac's
 * frames stay valid) and {@link io.keystash.agent.intercept.Interception} redefines the two
 * classes once.
 */
package io.keystash.agent.intercept;
