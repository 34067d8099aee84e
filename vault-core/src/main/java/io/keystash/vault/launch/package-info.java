/**
 * How a program is launched with a profile, one set of rules for the agent, {@code keystash run}
 * and {@code keystash agent-line}: which profile is meant when none is named, which variables a
 * program never sees, what happens when a profile's variable meets a real one of the same name,
 * and the agent option names the CLI writes for the agent to read.
 *
 * <p>The agent reaches these classes on every start: they stay small, with no lambdas or streams.
 */
package io.keystash.vault.launch;
