/**
 * The Keystash {@code -javaagent}: serves a vault profile to {@code System.getenv}, system
 * properties and child processes without a change to the program.
 *
 * <p>{@link io.keystash.agent.KeystashAgent} is the {@code Premain-Class};
 * {@code options} parses the agent's options, {@code inject} plans what the program sees,
 * {@code intercept} rewrites the JDK's environment call sites (with Byte Buddy's ASM), {@code cache} keeps
 * the rewritten class files between starts, and {@code boot} holds the one class the JDK's own
 * classes call.
 */
package io.keystash.agent;
