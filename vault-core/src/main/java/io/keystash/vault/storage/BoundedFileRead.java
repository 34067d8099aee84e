package io.keystash.vault.storage;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads a whole file that must be small, without trusting its reported size: {@code /dev/zero},
 * a FIFO ({@code --key-file <(…)}) or a file that grows while read all report a size of 0, and
 * {@link Files#readAllBytes} on them reads until memory runs out. This stops one byte past the
 * limit instead.
 *
 * <p>Read through {@link FileInputStream}, which every JVM has loaded before {@code main}, not
 * through a {@code FileChannel}, whose classes (about 30, not in the JDK's default class-data
 * archive) cost 1.5 ms of a cold start: this reads the key file and the vault on the agent's
 * start path. A file that cannot be opened is reported with NIO's exception types
 * ({@code NoSuchFileException}, {@code AccessDeniedException}, …), which callers tell apart.
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

    /** Bytes asked of the stream per read: the JDK copies through a native buffer of this size. */
    private static final int CHUNK = 256 * 1024;

    /**
     * The file's bytes, or {@link TooLargeException} when it holds more than {@code maxBytes}.
     * Buffers left behind on the way are wiped: the content may be key material.
     */
    public static byte[] read(Path file, int maxBytes) throws IOException {
        // A regular file's size sizes the buffer exactly: a large vault (megabytes, read at every
        // agent start) is read once into the array that is returned, with no copy. Anything else
        // (a FIFO, a device, a file that grows while read) starts small and grows.
        long reported = Files.isRegularFile(file) ? Files.size(file) : 0;
        byte[] buffer = new byte[(int) Math.min(maxBytes + 1L, Math.max(8192, reported))];
        int length = 0;
        try (InputStream in = open(file)) {
            while (true) {
                if (length == buffer.length) {
                    if (length > maxBytes) {
                        throw new TooLargeException(file, maxBytes);
                    }
                    int next = in.read();
                    if (next < 0) {
                        return buffer;
                    }
                    if (length >= maxBytes) {
                        throw new TooLargeException(file, maxBytes);
                    }
                    byte[] bigger = Arrays.copyOf(buffer, (int) Math.min((long) maxBytes + 1, Math.max(length + 1L, buffer.length * 2L)));
                    Arrays.fill(buffer, (byte) 0);
                    buffer = bigger;
                    buffer[length++] = (byte) next;
                    continue;
                }
                int read = in.read(buffer, length, Math.min(CHUNK, buffer.length - length));
                if (read < 0) {
                    break;
                }
                length += read;
            }
        } catch (IOException e) {
            Arrays.fill(buffer, (byte) 0);
            throw e;
        }
        byte[] content = Arrays.copyOf(buffer, length);
        Arrays.fill(buffer, (byte) 0);
        return content;
    }

    /**
     * Opens {@code file} for reading. {@link FileInputStream} reports every failure to open as a
     * {@link FileNotFoundException}; opening once more through NIO then throws the precise type
     * (the failure path only, so the NIO classes load only when something is wrong).
     */
    private static InputStream open(Path file) throws IOException {
        try {
            return new FileInputStream(file.toFile());
        } catch (FileNotFoundException e) {
            Files.newByteChannel(file, StandardOpenOption.READ).close();
            throw e;
        }
    }
}
