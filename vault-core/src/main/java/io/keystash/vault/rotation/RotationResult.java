package io.keystash.vault.rotation;

/**
 * What happened to one key in a rotation or rollback.
 *
 * @param key         the key's name
 * @param outcome     what happened
 * @param fromVersion the version that was current before
 * @param toVersion   the new current version (0 when nothing changed)
 * @param message     a names-only sentence for people
 */
public record RotationResult(String key, Outcome outcome, int fromVersion, int toVersion, String message) {
    /** What happened. */
    public enum Outcome {
        ROTATED, ROLLED_BACK, WOULD_CHANGE, FAILED
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }
}
