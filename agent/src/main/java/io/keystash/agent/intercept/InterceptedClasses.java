package io.keystash.agent.intercept;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three class files the interception installs: {@code System} and {@code ProcessBuilder} as
 * redefined, and the holder they call. Made by {@link CallSiteRewriter} on a cold start,
 * read back from the cache on a warm one (the cache stores them by internal name, in
 * {@link #NAMES} order).
 */
final class InterceptedClasses {
    static final String SYSTEM = "java/lang/System";
    static final String PROCESS_BUILDER = "java/lang/ProcessBuilder";
    static final String HOLDER = "java/lang/KeystashEnvironment";
    static final List<String> NAMES = List.of(SYSTEM, PROCESS_BUILDER, HOLDER);

    private final byte[] system;
    private final byte[] processBuilder;
    private final byte[] holder;

    InterceptedClasses(byte[] system, byte[] processBuilder, byte[] holder) {
        this.system = system;
        this.processBuilder = processBuilder;
        this.holder = holder;
    }

    /** From the cache's map, which holds exactly {@link #NAMES}. */
    static InterceptedClasses of(Map<String, byte[]> byName) {
        return new InterceptedClasses(byName.get(SYSTEM), byName.get(PROCESS_BUILDER), byName.get(HOLDER));
    }

    /** Internal name → class file, in {@link #NAMES} order. */
    Map<String, byte[]> byName() {
        Map<String, byte[]> map = new LinkedHashMap<>();
        map.put(SYSTEM, system);
        map.put(PROCESS_BUILDER, processBuilder);
        map.put(HOLDER, holder);
        return map;
    }

    byte[] system() {
        return system;
    }

    byte[] processBuilder() {
        return processBuilder;
    }

    byte[] holder() {
        return holder;
    }
}
