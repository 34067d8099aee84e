package io.keystash.remote.etcd;

/**
 * etcd could not do what was asked. The message says why in one line and never holds a value,
 * a password or a token.
 */
public final class EtcdException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a request failed. */
    public enum Kind {
        /** No endpoint answered in time, or none has a working cluster behind it (no quorum). */
        UNREACHABLE,
        /** The revision asked for was compacted away: read again from the latest. */
        COMPACTED,
        /** The user, password or token was refused, or the user lacks the permission. */
        AUTH,
        /** etcd answered with an error (a request too large, a malformed request …). */
        REFUSED,
        /**
         * A write was sent and no answer came: the cluster may still apply it (a member that took
         * it before losing its quorum can commit it when the others return).
         */
        UNCONFIRMED
    }

    private final Kind kind;

    public EtcdException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
