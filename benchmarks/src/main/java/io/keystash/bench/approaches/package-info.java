/**
 * The ways of intercepting {@code System.getenv} that were weighed before the agent's design
 * was chosen, each as a minimal agent, so that {@code benchmarks/startup/run.sh --only approaches}
 * measures their start-up cost beside the do-nothing agent and Keystash's own: Byte Buddy's
 * {@code AgentBuilder} (as documented, and tuned), Byte Buddy's {@code Advice} applied through a
 * plain {@code ClassFileTransformer}, and a hand-written visitor on Byte Buddy's repackaged ASM.
 * Each serves the tiny program's 20 variables from memory (made-up values, no vault), so the
 * harness can check that it really intercepted ({@link io.keystash.bench.approaches.ServedValues}
 * says how the woven code reaches them). Packaged with Byte Buddy as
 * {@code benchmarks-*-approach-agent.jar}; never part of Keystash.
 */
package io.keystash.bench.approaches;
