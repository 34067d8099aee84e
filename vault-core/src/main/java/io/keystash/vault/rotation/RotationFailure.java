package io.keystash.vault.rotation;

/** A rotation provider or validation command could not produce or accept a new value. */
public final class RotationFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public RotationFailure(String message) {
        super(message, null, false, false);
    }
}
