/**
 * What the agent injects: the program's environment, what children inherit, which system
 * properties are set, and the conflicts with names set outside the profile.
 */
package io.keystash.agent.inject;
