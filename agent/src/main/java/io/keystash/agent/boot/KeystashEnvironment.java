package io.keystash.agent.boot;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * The environment the program and its children see. This class is never used under this name:
 * the agent renames its package to {@code java.lang} and defines it into {@code java.base}, where
 * {@code System} and {@code ProcessBuilder} call it instead of {@code ProcessEnvironment} and
 * {@code ProcessImpl} (same method names and descriptors). Its calls to {@link ProcessEnvironment}
 * and {@link ProcessImpl} become calls to the JDK's package-private classes of those names.
 *
 * <p>It may refer to JDK types only (the boot loader sees nothing else), uses no lambdas, and never
 * calls {@code getenv} or {@code getProperty}. Its state is set once by {@link #install}, before
 * the JDK classes are redefined to call it; the redefinition is a safepoint, so every thread sees
 * the state.
 */
public final class KeystashEnvironment {
    private static Map<String, String> programEnvironment;
    private static Map<String, String> childAdditions;
    private static String[] hidden;

    private KeystashEnvironment() {
    }

    /**
     * Sets the state, once; the agent calls this right after defining the class.
     *
     * @param program     what {@code System.getenv()} returns: unmodifiable, rejecting null names as
     *                    the JDK's map does
     * @param forChildren variables added to a child's inherited environment (empty for
     *                    {@code children=none})
     * @param hiddenNames variables removed from a child's inherited environment
     */
    public static synchronized void install(Map<String, String> program, Map<String, String> forChildren,
                                            Set<String> hiddenNames) {
        if (programEnvironment != null) {
            throw new IllegalStateException("installed already");
        }
        hidden = hiddenNames.toArray(new String[0]);
        childAdditions = forChildren;
        programEnvironment = program;
    }

    /** {@code System.getenv(String)}. A null name throws NullPointerException, as in the JDK. */
    static String getenv(String name) {
        return programEnvironment.get(name);
    }

    /** {@code System.getenv()}: always the same unmodifiable map. */
    static Map<String, String> getenv() {
        return programEnvironment;
    }

    /**
     * {@code ProcessBuilder.environment()} when the builder has none yet: the JDK's mutable copy of
     * the real environment, less the unlock variables, plus the child additions.
     */
    static Map<String, String> environment() {
        Map<String, String> inherited = ProcessEnvironment.environment();
        for (String name : hidden) {
            inherited.remove(name);
        }
        for (Map.Entry<String, String> entry : childAdditions.entrySet()) {
            try {
                inherited.put(entry.getKey(), entry.getValue());
            } catch (RuntimeException notRepresentable) {
                // A name or value an OS environment cannot hold (a NUL, say): the child goes
                // without it rather than the program failing to start the child.
            }
        }
        return inherited;
    }

    /** {@code ProcessImpl.start} from {@code ProcessBuilder.start}: null (inherit) becomes explicit. */
    static Process start(String[] command, Map<String, String> environment, String directory,
                         ProcessBuilder.Redirect[] redirects, boolean redirectErrorStream) throws IOException {
        return ProcessImpl.start(command, environment != null ? environment : environment(), directory,
                redirects, redirectErrorStream);
    }
}
