package io.keystash.agent.intercept;

import java.lang.invoke.MethodHandles;
import java.util.function.Function;

/**
 * Defines a class into {@code java.lang} (boot loader, module {@code java.base}).
 *
 * <p>Loaded by an {@link IsolatedLoader} of its own, never by the class path loader: the agent
 * opens {@code java.lang} to the unnamed module of that loader only, so the application's classes
 * gain no access to {@code java.lang}'s internals. Uses JDK types only for the same reason.
 */
public final class JavaLangDefiner implements Function<byte[], Class<?>> {
    /** Instantiated reflectively by {@link BootDefinition}. */
    public JavaLangDefiner() {
    }

    @Override
    public Class<?> apply(byte[] classFile) {
        try {
            return MethodHandles.privateLookupIn(System.class, MethodHandles.lookup()).defineClass(classFile);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("java.lang is not open to the agent", e);
        }
    }
}
