package io.keystash.vault.rotation;

/**
 * What happened to one key in a rotation or rollback.
 *
 * @param key         the key's name
 * @param outcome     what happened
 * @param fromVersion the version that was current before
 * @param toVersion   the new current version (0 when nothing changed)
 * @param provider    the rotation provider that made the value, or null (manual rotation, rollback)
 * @param message     a names-only sentence for people
 */
public record RotationResult(String key, Outcome outcome, int fromVersion, int toVersion, String provider,
                             String message) {
    /** What happened. */
    public enum Outcome {
        /** A new value became current. */
        ROTATED,
        /** An earlier value became current again, as a new version. */
        ROLLED_BACK,
        /** Dry run: this would have changed. */
        WOULD_CHANGE,
        /** Due, but no rotation provider handles the key: left for a person to rotate. */
        SKIPPED,
        /** The provider or the validation failed, or the value could not be stored: nothing changed. */
        FAILED
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }
}
