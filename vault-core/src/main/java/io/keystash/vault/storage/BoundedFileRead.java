package io.keystash.vault.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a whole file that must be small, without trusting its reported size: {@code /dev/zero},
 * a FIFO ({@code --key-file <(…)}) or a file that grows while read all report a size of 0, and
 * {@link Files#readAllBytes} on them reads until memory runs out. This stops one byte past the
 * limit instead.
 */
public final class BoundedFileRead {
    private BoundedFileRead() {
    }

    /** Thrown when the file holds more than the limit; nothing of it is kept. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(Path file, long limit) {
            super(file + " holds more than " + limit + " bytes");
        }
    }

    /**
     * The file's bytes, or {@link TooLargeException} when it holds more than {@code maxBytes}.
     * Buffers left behind on the way are wiped: the content may be key material.
     */
    public static byte[] read(Path file, int maxBytes) throws IOException {
        // A regular file's size sizes the buffer (one read, one copy: the vault of a large store is
        // megabytes and read at every agent start); anything else starts small and grows.
        long reported = Files.isRegularFile(file) ? Files.size(file) : 0;
        byte[] buffer = new byte[(int) Math.min(maxBytes + 1L, Math.max(8192, reported + 1))];
        int length = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                if (length == buffer.length) {
                    if (length > maxBytes) {
                        Arrays.fill(buffer, (byte) 0);
                        throw new TooLargeException(file, maxBytes);
                    }
                    byte[] bigger = Arrays.copyOf(buffer, (int) Math.min((long) maxBytes + 1, buffer.length * 2L));
                    Arrays.fill(buffer, (byte) 0);
                    buffer = bigger;
                }
                int read = in.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    break;
                }
                length += read;
            }
        } catch (IOException e) {
            Arrays.fill(buffer, (byte) 0);
            throw e;
        }
        if (length == buffer.length) {
            return buffer;
        }
        byte[] content = Arrays.copyOf(buffer, length);
        Arrays.fill(buffer, (byte) 0);
        return content;
    }
}
