package io.keystash.agent.reads;

import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Called by the holder at the first read of each served name, on the reading thread: walks the
 * stack once and keeps the first class that is neither the JDK's (boot or platform class loader)
 * nor the agent's own. One walk per name, never per read.
 *
 * <p>No lambda: it runs inside a program's first {@code getenv}, often in its {@code main}, where
 * a lambda would spin its bootstrap machinery first.
 */
final class FirstCaller implements Consumer<String>, Function<Stream<StackWalker.StackFrame>, String> {
    private static final String BOOT_PACKAGE = "io.keystash.agent.boot.";

    private final Map<String, String> callers;
    private StackWalker walker;

    FirstCaller(Map<String, String> callers) {
        this.callers = callers;
    }

    @Override
    public void accept(String name) {
        if (callers.containsKey(name)) {
            return;
        }
        StackWalker stack = walker;
        if (stack == null) {
            stack = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
            walker = stack;
        }
        String caller = stack.walk(this);
        callers.putIfAbsent(name, caller != null ? caller : "");
    }

    /** The first frame's class outside the JDK and the agent, or null. */
    @Override
    public String apply(Stream<StackWalker.StackFrame> frames) {
        Iterator<StackWalker.StackFrame> iterator = frames.iterator();
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        while (iterator.hasNext()) {
            Class<?> type = iterator.next().getDeclaringClass();
            ClassLoader loader = type.getClassLoader();
            if (loader == null || loader == platform || type == FirstCaller.class || type.getName().startsWith(BOOT_PACKAGE)) {
                continue;
            }
            return type.getName();
        }
        return null;
    }
}
