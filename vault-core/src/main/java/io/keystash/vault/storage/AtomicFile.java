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

    /** Atomically replaces (or creates) {@code target} with {@code content}. */
    public void write(Path target, byte[] content) throws VaultException {
        Path folder = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            temp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp",
                    SecureFiles.ownerOnlyFile(folder));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            rename.move(temp, target);
            temp = null;
            syncFolder(folder);
        } catch (IOException e) {
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

    /** Makes a rename durable: on Linux a folder's entries are synced by fsync on the folder. */
    static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a folder for sync; the rename itself is still atomic.
        }
    }
}
