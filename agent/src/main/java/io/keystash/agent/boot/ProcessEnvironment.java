package io.keystash.agent.boot;

import java.util.Map;

/**
 * Compile-time stand-in for the JDK's package-private {@code java.lang.ProcessEnvironment}: once
 * {@link KeystashEnvironment} is renamed into {@code java.lang}, its calls here call the JDK class.
 * Never called under this name.
 */
final class ProcessEnvironment {
    private ProcessEnvironment() {
    }

    /** The JDK's: a new mutable copy of the real environment, of the type {@code ProcessImpl} expects. */
    static Map<String, String> environment() {
        throw new UnsupportedOperationException("a stand-in for java.lang.ProcessEnvironment");
    }
}
