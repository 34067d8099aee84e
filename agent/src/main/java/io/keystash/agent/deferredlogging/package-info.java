/**
 * {@code java.util.logging} as the bundled Bouncy Castle sees it inside the agent: the shade plugin
 * points its references to {@code java.util.logging.Logger} and {@code Level} here (agent
 * {@code pom.xml}), so that its start-up creates no JUL logger and the program's {@code main}
 * still chooses JUL's {@code LogManager}. A message Bouncy Castle does log still goes to JUL,
 * through {@link java.lang.System.Logger}, at that moment.
 */
package io.keystash.agent.deferredlogging;
