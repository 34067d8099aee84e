package io.keystash.agent.boot;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The environment the program and its children see. This class is never used under this name:
 * the agent renames its package to {@code java.lang} and defines it into {@code java.base}, where
 * {@code System} and {@code ProcessBuilder} call it instead of {@code ProcessEnvironment} and
 * {@code ProcessImpl} (same method names and descriptors). Its calls to {@link ProcessEnvironment}
 * and {@link ProcessImpl} become calls to the JDK's package-private classes of those names.
 *
 * <p>It may refer to JDK types only (the boot loader sees nothing else), uses no lambdas, and never
 * calls {@code getenv} or {@code getProperty}. Its state is set once by {@link #install} and filled
 * before the JDK classes are redefined to call it; the redefinition is a safepoint, so every thread
 * sees the state.
 *
 * <p>Both {@code getenv} calls read one merged map: {@code getenv(String)} the map itself,
 * {@code getenv()} an unmodifiable view of it, so they always agree. A {@link ConcurrentHashMap}
 * because it answers a name it does not hold after one hash and one empty bucket (an immutable
 * {@code Map.copyOf} probes on through its open-addressed table, and a program asking for unset
 * names paid 1.7× the JDK's own lookup), and because, like the JDK's environment map, it throws
 * {@code NullPointerException} for a null name. It is filled once, before the interception starts,
 * and never changed afterwards.
 */
public final class KeystashEnvironment {
    private static ConcurrentHashMap<String, String> variables;
    private static Map<String, String> programEnvironment;
    private static Map<String, String> childAdditions;
    private static String[] hidden;

    private KeystashEnvironment() {
    }

    /**
     * Sets the state, once; the agent calls this right after defining the class, while the vault
     * may still be being read on another thread. The agent then fills the two maps, and only
     * after that redefines {@code System} and {@code ProcessBuilder} to call this class; the maps
     * are never changed again. (Handing over empty maps first keeps the reflective call off the
     * wait for the vault; filling them is plain Java.)
     *
     * @param program     what {@code System.getenv()} shows once filled: the real environment less
     *                    the unlock variables, plus the profile's
     * @param forChildren once filled, variables added to a child's inherited environment (none for
     *                    {@code children=none})
     * @param hiddenNames variables removed from a child's inherited environment
     */
    public static synchronized void install(ConcurrentHashMap<String, String> program, Map<String, String> forChildren,
                                            Set<String> hiddenNames) {
        if (programEnvironment != null) {
            throw new IllegalStateException("installed already");
        }
        hidden = hiddenNames.toArray(new String[0]);
        childAdditions = Collections.unmodifiableMap(forChildren);
        variables = program;
        programEnvironment = Collections.unmodifiableMap(program);
    }

    /** {@code System.getenv(String)}. A null name throws NullPointerException, as in the JDK. */
    static String getenv(String name) {
        return variables.get(name);
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
