package io.keystash.agent.reads;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Called by the holder at the first read of each served name, on the reading thread: takes the
 * stack once and keeps the first class that is neither the JDK's (a class of a {@code java.*} or
 * {@code jdk.*} module, the holder included) nor the agent's own. One stack per name, never per
 * read.
 *
 * <p>Why {@code Throwable.getStackTrace()} and not {@code StackWalker}: the walker's first use
 * builds method handles — 8 ms on JDK 17 and 24–28 ms on JDK 25, inside a program's first
 * {@code getenv} — where a stack trace is native, about 10 µs per name (benchmarks/README.md).
 * A frame's module name tells the JDK's classes apart, whatever loaded the program's. No lambda:
 * this runs inside a program's first reads.
 */
final class FirstCaller implements Consumer<String> {
    private static final String SELF = FirstCaller.class.getName();
    /** The holder's package under its own name, as the agent's unit tests run it (in use it is {@code java.lang}). */
    private static final String BOOT_PACKAGE = "io.keystash.agent.boot.";

    private final Map<String, String> callers;

    FirstCaller(Map<String, String> callers) {
        this.callers = callers;
    }

    @Override
    public void accept(String name) {
        if (callers.containsKey(name)) {
            return;
        }
        String caller = firstOutside(new Throwable().getStackTrace());
        callers.putIfAbsent(name, caller != null ? caller : "");
    }

    /** The first frame's class outside the JDK and the agent, or null. */
    static String firstOutside(StackTraceElement[] frames) {
        for (StackTraceElement frame : frames) {
            String module = frame.getModuleName();
            if (module != null && (module.startsWith("java.") || module.startsWith("jdk."))) {
                continue;
            }
            String type = frame.getClassName();
            if (type.equals(SELF) || type.startsWith(BOOT_PACKAGE)) {
                continue;
            }
            return type;
        }
        return null;
    }
}
