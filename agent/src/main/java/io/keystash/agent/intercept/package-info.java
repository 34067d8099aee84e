/**
 * The interception of {@code System.getenv} and of process creation.
 *
 * <p>Byte Buddy does the bytecode work ({@link io.keystash.agent.intercept.ByteBuddyTransformation}:
 * a {@code MemberSubstitution} per redirected call, a {@code RenamingPlugin} for the holder), but
 * off the usual start path: the transformed class files are cached per exact JDK build
 * ({@code io.keystash.agent.cache}), so only the first start on a JDK loads Byte Buddy at all.
 * Its heavier machinery ({@code AgentBuilder}, {@code Advice} through a transformer) costs
 * 220–580 ms of class loading at every start and is not used.
 * {@link io.keystash.agent.intercept.Interception} redefines {@code System} and
 * {@code ProcessBuilder} once.
 */
package io.keystash.agent.intercept;
