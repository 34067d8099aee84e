/**
 * Turning a profile into the exact environment variables and system properties a program is
 * given, and loading that in one call for the agent and {@code keystash run}.
 */
package io.keystash.vault.profile;
