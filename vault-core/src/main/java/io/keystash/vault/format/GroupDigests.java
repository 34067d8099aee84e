package io.keystash.vault.format;

import io.keystash.vault.concurrent.SecondThread;
import io.keystash.vault.crypto.Sha256;

/**
 * The SHA-256 of each of a vault file's 256 record groups, as its format 2 MAC needs them. Hashing
 * the whole file is the one cost of opening a vault that grows with its size (every byte is
 * checked before any is trusted, so that a change anywhere is caught); groups are independent, so
 * a large file is hashed by two threads, each half of the groups, when the machine has two CPUs.
 */
final class GroupDigests {
    /** Below this many record bytes (a few thousand keys) a second thread is not worth starting. */
    static final long TWO_THREADS_FROM_BYTES = 1 << 20;

    private GroupDigests() {
    }

    /** The digest of every group of {@code table}, by group number. */
    static byte[][] of(RecordTable table) {
        byte[][] digests = new byte[SortedRecords.GROUPS][];
        long bytes = table.end() - table.start();
        if (bytes < TWO_THREADS_FROM_BYTES || Runtime.getRuntime().availableProcessors() < 2) {
            hash(table, digests, 0, SortedRecords.GROUPS);
            return digests;
        }
        int half = SortedRecords.GROUPS / 2;
        SecondHalf second = new SecondHalf(table, digests, half, SortedRecords.GROUPS);
        SecondThread thread = SecondThread.start(second, "keystash vault MAC");
        hash(table, digests, 0, half);
        thread.join();
        if (second.failure != null) {
            throw second.failure;
        }
        return digests;
    }

    /** Hashes groups {@code from..to-1} into {@code digests}. */
    private static void hash(RecordTable table, byte[][] digests, int from, int to) {
        Sha256.Hasher hasher = Sha256.hasher(table.groupOffset(to) - table.groupOffset(from));
        byte[] file = table.buffer();
        byte[] ofEmptyGroup = null;
        for (int group = from; group < to; group++) {
            int start = table.groupOffset(group);
            int length = table.groupOffset(group + 1) - start;
            if (length > 0) {
                digests[group] = hasher.digest(file, start, length);
            } else {
                if (ofEmptyGroup == null) {
                    ofEmptyGroup = hasher.digest(file, start, 0);
                }
                digests[group] = ofEmptyGroup.clone();
            }
        }
    }

    /** The helper thread's share. A class, not a lambda: this runs on the agent's start path. */
    private static final class SecondHalf implements Runnable {
        private final RecordTable table;
        private final byte[][] digests;
        private final int from;
        private final int to;
        private RuntimeException failure;

        SecondHalf(RecordTable table, byte[][] digests, int from, int to) {
            this.table = table;
            this.digests = digests;
            this.from = from;
            this.to = to;
        }

        @Override
        public void run() {
            try {
                hash(table, digests, from, to);
            } catch (RuntimeException e) {
                failure = e;
            }
        }
    }
}
