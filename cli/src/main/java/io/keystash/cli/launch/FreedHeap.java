package io.keystash.cli.launch;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Overwrites the heap memory that garbage occupied, for {@code keystash run}: once the program has
 * started, the values its environment was built from are garbage in {@code run}'s heap, and a
 * collector does not clear what it frees. A full collection moves what is still alive out of the
 * young generation; zeroed arrays as large as the young generation then take the place of what it
 * held (new arrays are zeroed by the JVM). Best effort: buffers outside the Java heap (the JDK's
 * native copy of the environment for the new process) are out of reach, which is why the launcher
 * turns core dumps off for keystash's own JVMs.
 */
final class FreedHeap {
    private static final int CHUNK = 1 << 20;

    private FreedHeap() {
    }

    static void overwrite() {
        System.gc();
        long young = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName();
            if (pool.getType() == MemoryType.HEAP && (name.contains("Eden") || name.contains("Survivor"))) {
                young += pool.getUsage().getCommitted();
            }
        }
        byte[] keep = null;
        for (long written = 0; written < young; written += CHUNK) {
            keep = new byte[CHUNK];
        }
        if (keep != null && keep[0] != 0) {
            throw new AssertionError(); // keeps the allocations from being optimised away
        }
    }
}
