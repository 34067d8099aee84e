package io.keystash.vault.model;

import java.util.List;

/**
 * A named set of bindings ({@code dev}, {@code prod}): exactly what a program launched with this
 * profile sees.
 *
 * @param name     the profile's name
 * @param bindings in the order they were added
 */
public record Profile(String name, List<Binding> bindings) {
    public Profile {
        bindings = List.copyOf(bindings);
    }
}
