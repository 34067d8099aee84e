package io.keystash.bench.approaches;

import java.util.Map;
import java.util.function.Function;

/**
 * The variables an approach agent serves, reached by the code woven into {@code java.lang.System}
 * through a type the boot loader knows ({@link Function}), kept under {@link #PROPERTY} among the
 * system properties (not a string, so {@code System.getProperty} never returns it). The woven
 * code cannot name a class of the agent's own: the boot loader does not see them, and putting
 * one on the boot class path would turn class-data sharing off for every other class loader,
 * a cost none of the measured approaches needs.
 */
public final class ServedValues implements Function<Object, Object> {
    public static final String PROPERTY = "io.keystash.bench.approaches.served";

    private final Map<String, String> values;

    ServedValues(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** The served value of {@code name}, or null to let {@code System.getenv} answer. */
    @Override
    public Object apply(Object name) {
        return name == null ? null : values.get(name);
    }
}
