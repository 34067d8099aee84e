package io.keystash.vault;

import java.time.Instant;
import java.util.SortedSet;
import java.util.TreeSet;

/** The vault's table of contents: which keys and profiles exist. */
final class Catalog {
    final Instant created;
    final SortedSet<String> keys;
    final SortedSet<String> profiles;

    Catalog(Instant created, SortedSet<String> keys, SortedSet<String> profiles) {
        this.created = created;
        this.keys = new TreeSet<>(keys);
        this.profiles = new TreeSet<>(profiles);
    }

    static Catalog empty(Instant now) {
        return new Catalog(now, new TreeSet<>(), new TreeSet<>());
    }
}
