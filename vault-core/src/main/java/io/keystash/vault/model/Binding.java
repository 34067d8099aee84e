package io.keystash.vault.model;

import java.util.Objects;

/**
 * One key served by a profile, as an environment variable, a system property, or both.
 *
 * @param key      the key's name
 * @param env      environment variable name, or null
 * @param property system property name, or null
 */
public record Binding(String key, String env, String property) {
    public Binding {
        Objects.requireNonNull(key, "key");
        if (env == null && property == null) {
            throw new IllegalArgumentException("a binding needs an environment variable or a property");
        }
    }
}
