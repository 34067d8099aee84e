package io.keystash.vault.format;

/**
 * Sealed records in strictly increasing id order, as the file stores them. Lets the writer stream
 * untouched records from the old file next to changed ones without copying them into objects.
 */
public interface SortedRecords {
    /** How many records there are. */
    int count();

    /** Visits every record in increasing id order. */
    void visit(Visitor visitor);

    /** Receives one record: its 16 id bytes and its sealed bytes, each as a slice of a buffer. */
    @FunctionalInterface
    interface Visitor {
        void record(byte[] idBuffer, int idOffset, byte[] sealedBuffer, int sealedOffset, int sealedLength);
    }
}
