/** Programs the CLI tests start with the agent, as a person would start their own. */
package io.keystash.it.cli.programs;
