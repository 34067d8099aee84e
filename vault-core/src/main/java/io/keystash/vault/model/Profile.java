package io.keystash.vault.model;

import java.util.List;

/**
 * A named set of bindings ({@code dev}, {@code prod}): exactly what a program launched with this
 * profile sees, with a line of free text saying what it is for.
 *
 * @param name        the profile's name
 * @param description free text for people ("Production keys"), or null
 * @param bindings    in the order they were added
 */
public record Profile(String name, String description, List<Binding> bindings) {
    public Profile {
        bindings = List.copyOf(bindings);
        if (description != null && description.isEmpty()) {
            description = null;
        }
    }

    /** A profile without a description. */
    public Profile(String name, List<Binding> bindings) {
        this(name, null, bindings);
    }

    /** The same profile (name and description) with other bindings. */
    public Profile withBindings(List<Binding> other) {
        return new Profile(name, description, other);
    }
}
