package io.keystash.bench.startup;

import java.lang.instrument.Instrumentation;

/**
 * An agent whose {@code premain} does nothing: the floor cost of any {@code -javaagent} (the JVM
 * opens the jar, and gives up two CDS start-up optimisations). Packaged alone as
 * {@code benchmarks/target/noop-agent.jar}.
 */
public final class NoopAgent {
    private NoopAgent() {
    }

    public static void premain(String options, Instrumentation instrumentation) {
        // Deliberately empty.
    }
}
