/**
 * Starting programs with a profile: {@code run} (a child process with the profile as its
 * environment) and {@code agent-line} (the {@code -javaagent:} flag for this installation).
 */
package io.keystash.cli.launch;
