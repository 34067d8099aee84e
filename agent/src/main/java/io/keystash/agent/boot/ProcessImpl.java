package io.keystash.agent.boot;

import java.io.IOException;
import java.util.Map;

/**
 * Compile-time stand-in for the JDK's package-private {@code java.lang.ProcessImpl}: once
 * {@link KeystashEnvironment} is renamed into {@code java.lang}, its call here calls the JDK class.
 * Never called under this name.
 */
final class ProcessImpl {
    private ProcessImpl() {
    }

    /** The JDK's: starts the process; a null environment means "inherit the OS environment". */
    static Process start(String[] command, Map<String, String> environment, String directory,
                         ProcessBuilder.Redirect[] redirects, boolean redirectErrorStream) throws IOException {
        throw new UnsupportedOperationException("a stand-in for java.lang.ProcessImpl");
    }
}
