package io.keystash.agent.options;

/**
 * An option the agent cannot accept; the message names it. Carries the {@code onerror} mode in
 * force, as far as it could be read, so the caller knows whether to stop the JVM.
 */
public final class OptionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final OnError onError;

    OptionException(String message, OnError onError) {
        super(message);
        this.onError = onError;
    }

    /** {@code onerror} as given, or its default when it was absent or itself invalid. */
    public OnError onError() {
        return onError;
    }
}
