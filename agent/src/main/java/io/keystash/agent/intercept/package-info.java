/**
 * The interception of {@code System.getenv} and of process creation.
 *
 * <p>ASM, the copy Byte Buddy ships, does the bytecode work
 * ({@link io.keystash.agent.intercept.CallSiteRewriter}: four static calls pointed at the holder,
 * the holder renamed into {@code java.lang}), and the result is cached per exact JDK build
 * ({@code io.keystash.agent.cache}), so a start with a usable cache loads no bytecode library at
 * all. Byte Buddy's own machinery ({@code AgentBuilder}, {@code Advice} through a transformer,
 * even {@code MemberSubstitution} alone) loads hundreds of its classes, 220–580 ms of a start,
 * and is not used.
 * {@link io.keystash.agent.intercept.Interception} redefines {@code System} and
 * {@code ProcessBuilder} once.
 */
package io.keystash.agent.intercept;
