package io.keystash.agent.intercept;

/** The interception could not be installed; the message is one line naming what failed. */
public final class InterceptionException extends Exception {
    private static final long serialVersionUID = 1L;

    public InterceptionException(String message) {
        super(message);
    }

    public InterceptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
