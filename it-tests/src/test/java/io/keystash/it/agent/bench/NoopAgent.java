package io.keystash.it.agent.bench;

import java.lang.instrument.Instrumentation;

/** The floor of the start-up benchmark: an agent whose {@code premain} does nothing. */
public final class NoopAgent {
    private NoopAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        // nothing: measures what any -javaagent costs
    }
}
