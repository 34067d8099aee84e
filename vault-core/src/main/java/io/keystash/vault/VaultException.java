package io.keystash.vault;

/**
 * A failure of a vault operation, with a one-line message fit to show a user.
 *
 * <p>Messages name files, keys and options but never hold a secret value: callers print
 * {@link #getMessage()} as is.
 */
public class VaultException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Failure failure;

    public VaultException(Failure failure, String message) {
        super(message);
        this.failure = failure;
    }

    public VaultException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    /** What kind of failure this is; decides the exit status. */
    public Failure failure() {
        return failure;
    }
}
