package io.keystash.vault.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    /** Bytes asked of the channel per read: the JDK copies through a temporary direct buffer of this size. */
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
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (true) {
                if (length == buffer.length) {
                    if (length > maxBytes) {
                        throw new TooLargeException(file, maxBytes);
                    }
                    int next = readOne(channel);
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
                int read = channel.read(ByteBuffer.wrap(buffer, length, Math.min(CHUNK, buffer.length - length)));
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

    /** The next byte of the channel (0..255), or -1 at its end. */
    private static int readOne(FileChannel channel) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
            int read = channel.read(one);
            if (read < 0) {
                return -1;
            }
            if (read > 0) {
                return one.get(0) & 0xFF;
            }
        }
    }
}
