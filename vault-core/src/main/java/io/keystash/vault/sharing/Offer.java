package io.keystash.vault.sharing;

/** What the store did with an {@link Outgoing} file. */
public sealed interface Offer {
    /** The store holds the file now, at {@code revision} (the store's own counter). */
    record Published(long revision) implements Offer {
    }

    /** The store was not asked (working offline): the replica gets the file, marked unpublished. */
    record Deferred() implements Offer {
    }

    /**
     * The store holds a newer file than the replica was based on, at {@code revision}: its bytes
     * as fetched, not yet checked (the vault checks them as it opens them).
     */
    record Moved(byte[] file, long revision) implements Offer {
    }
}
