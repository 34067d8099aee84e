package io.keystash.agent;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The agent's only output: lines on stderr prefixed {@code keystash-agent:}. Never a secret, never
 * a stack trace.
 */
public final class Console {
    static final String PREFIX = "keystash-agent: ";
    /** The exit status of {@code onerror=fail} (EX_CONFIG of sysexits.h). */
    static final int FAILURE_STATUS = 78;

    private final boolean verbose;
    private final long start = System.nanoTime();
    private long last = start;

    public Console(boolean verbose) {
        this.verbose = verbose;
    }

    /** A line printed whatever the options. */
    public static void line(String message) {
        PrintStream err = System.err;
        err.println(PREFIX + message);
        err.flush();
    }

    /** One line, then the JVM stops with status 78: no shutdown hooks, no stack trace, no core dump. */
    static void halt(String message) {
        line(message);
        Runtime.getRuntime().halt(FAILURE_STATUS);
    }

    /** With {@code verbose=true}: the step and the milliseconds it took. */
    public void step(String what) {
        if (verbose) {
            long now = System.nanoTime();
            line(what + String.format(Locale.ROOT, " (%.1f ms)", (now - last) / 1e6));
            last = now;
        }
    }

    /** {@code 12.3 ms}, for {@code verbose=true} lines. */
    public static String milliseconds(double milliseconds) {
        return String.format(Locale.ROOT, "%.1f ms", milliseconds);
    }

    /** With {@code verbose=true}: the time since the agent started. */
    void total() {
        if (verbose) {
            line(String.format(Locale.ROOT, "ready in %.1f ms", (System.nanoTime() - start) / 1e6));
        }
    }
}
