/**
 * The agent's options: parsing and defaults of the {@code -javaagent:…=OPTIONS} string (documented
 * in docs/agent.md, "Options").
 */
package io.keystash.agent.options;
