/** The agent's options: parsing and defaults of the {@code -javaagent:…=OPTIONS} string (SPEC §4). */
package io.keystash.agent.options;
