package io.keystash.vault.storage;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file so that a crash at any moment leaves either the old or the new content:
 * write a 0600 temp file in the same folder, fsync it, rename it over the target, fsync the folder.
 */
public final class AtomicFile {
    /** The rename step, replaceable so tests can make it fail between write and rename. */
    @FunctionalInterface
    public interface Rename {
        void move(Path from, Path to) throws IOException;
    }

    /** A class, not a lambda: every reader builds an AtomicFile, and a first lambda costs start-up. */
    private static final class AtomicRename implements Rename {
        @Override
        public void move(Path from, Path to) throws IOException {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static final Rename ATOMIC_RENAME = new AtomicRename();

    private final Rename rename;

    public AtomicFile() {
        this(ATOMIC_RENAME);
    }

    public AtomicFile(Rename rename) {
        this.rename = rename;
    }

    /**
     * Bytes handed to the channel per write: the JDK copies a heap buffer through a native buffer
     * of the size asked, which it keeps for the thread, so slices of one size reuse one buffer
     * instead of allocating (and faulting in) one as large as the file.
     */
    private static final int CHUNK = 256 * 1024;

    /** Atomically replaces (or creates) {@code target} with {@code content}. */
    public void write(Path target, byte[] content) throws VaultException {
        write(target, ByteBuffer.wrap(content));
    }

    /**
     * Atomically replaces (or creates) {@code target} with the remaining bytes of {@code parts},
     * one after another (a vault's unchanged record groups are written from the buffer they were
     * read into). The buffers' positions are left as they were.
     */
    public void write(Path target, ByteBuffer... parts) throws VaultException {
        Path folder = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            temp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp",
                    SecureFiles.ownerOnlyFile(folder));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                for (ByteBuffer part : parts) {
                    writeFully(channel, part.duplicate());
                }
                channel.force(true);
            }
            rename.move(temp, target);
            temp = null;
            syncFolder(folder);
        } catch (IOException e) {
            if (temp == null && !Files.isDirectory(folder)) {
                throw new VaultException(Failure.IO, "cannot write " + target + ": folder " + folder
                        + " does not exist; create it with: mkdir -p " + folder, e);
            }
            throw new VaultException(Failure.IO, "cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The failure that got us here is the one worth reporting.
                }
            }
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer part) throws IOException {
        while (part.hasRemaining()) {
            ByteBuffer slice = part.slice();
            slice.limit(Math.min(slice.remaining(), CHUNK));
            part.position(part.position() + channel.write(slice));
        }
    }

    /**
     * Deletes temp files that an earlier writer of {@code target} left when it was killed between
     * creating its temp file and renaming it (a crash, SIGKILL). Each is a complete older or newer
     * copy of the file: owner-only, but after {@code passwd} it would still open with the old
     * passphrase. Call only while holding the lock that serialises writers of {@code target}, so
     * no live writer's temp file is touched. Failures are ignored: the write itself is what matters.
     */
    public static void removeLeftovers(Path target) {
        Path folder = target.toAbsolutePath().getParent();
        String prefix = "." + target.getFileName() + ".";
        try (java.nio.file.DirectoryStream<Path> temps = Files.newDirectoryStream(folder,
                entry -> entry.getFileName().toString().startsWith(prefix) && entry.getFileName().toString().endsWith(".tmp"))) {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            // A leftover that cannot be removed does not stop the write; the next one tries again.
        }
    }

    /** Makes a rename durable: on Linux a folder's entries are synced by fsync on the folder. */
    static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a folder for sync; the rename itself is still atomic.
        }
    }
}
