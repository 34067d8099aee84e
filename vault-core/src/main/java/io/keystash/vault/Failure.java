package io.keystash.vault;

/**
 * Why an operation on the vault failed, and the exit status a command line reports for it.
 *
 * <p>The statuses are part of the product contract (docs/cli.md, "Exit statuses"): scripts branch
 * on them, so a failure kind never changes its status.
 */
public enum Failure {
    /** Bad input: a malformed name, value, date, option or file. */
    INVALID_INPUT(2),
    /** No way to unlock was given (no key file, passphrase file, variable or terminal). */
    LOCKED(3),
    /** The passphrase or key file does not open any key slot. */
    WRONG_KEY(3),
    /** The vault file is damaged, truncated or was changed by someone without the key. */
    DAMAGED(3),
    /** The vault was written by a newer, incompatible Keystash. */
    UNSUPPORTED_VERSION(3),
    /** The vault is an older copy than one this machine has already opened (a rollback). */
    OLDER(3),
    /** A key, version, profile or vault that does not exist. */
    NOT_FOUND(4),
    /** Something with that name exists already. */
    ALREADY_EXISTS(5),
    /** The change conflicts with the vault's state (a binding's variable is taken, for example). */
    CONFLICT(5),
    /** Reading or writing a file failed, or its permissions are unsafe. */
    IO(6),
    /** Another process holds the vault's lock longer than we are willing to wait. */
    BUSY(6);

    private final int exitStatus;

    Failure(int exitStatus) {
        this.exitStatus = exitStatus;
    }

    /** The process exit status a command line reports for this failure. */
    public int exitStatus() {
        return exitStatus;
    }
}
