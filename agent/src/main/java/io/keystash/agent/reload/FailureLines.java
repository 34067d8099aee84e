package io.keystash.agent.reload;

import java.util.HashSet;
import java.util.Set;

/**
 * A failed reload prints one line per distinct failure — its kind (damaged, locked, wrong key,
 * older, not found, an expired key refused, …) — not one per attempt: a file written in place by
 * hand fires several changes, and each would fail alike. A reload that succeeds, or finds the file
 * as it was, clears them, so the same failure later is reported again.
 */
final class FailureLines {
    private final Set<String> reported = new HashSet<>();

    /** Whether a failure of {@code kind} should be printed now. */
    synchronized boolean first(String kind) {
        return reported.add(kind);
    }

    synchronized void clear() {
        reported.clear();
    }
}
