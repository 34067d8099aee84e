package io.keystash.vault.transfer;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.storage.BoundedFileRead;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a file to import, refusing it before any parsing when it is larger than
 * {@link #MAX_BYTES}: a hostile or mistaken file (a disk image, a log) must not make us allocate
 * without bound. The cap holds even for a file that grows while we read it, or a pipe
 * ({@link BoundedFileRead}, which also wipes the buffers it outgrows: an import holds secrets).
 */
public final class ImportFile {
    /** Largest file accepted: 16 MiB, room for about 250 keys of 64 KiB with every version. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    private ImportFile() {
    }

    public static byte[] read(Path file) throws VaultException {
        if (Files.isDirectory(file)) {
            throw new VaultException(Failure.INVALID_INPUT, file + " is a folder, not a file to import");
        }
        try {
            if (Files.isRegularFile(file) && Files.size(file) > MAX_BYTES) {
                throw tooLarge(file);
            }
        } catch (NoSuchFileException e) {
            throw new VaultException(Failure.NOT_FOUND, "file " + file + " does not exist");
        } catch (IOException e) {
            throw new VaultException(Failure.IO, "cannot read " + file + ": " + e.getMessage());
        }
        try {
            return BoundedFileRead.read(file, MAX_BYTES);
        } catch (BoundedFileRead.TooLargeException e) {
            throw tooLarge(file);
        } catch (NoSuchFileException e) {
            throw new VaultException(Failure.NOT_FOUND, "file " + file + " does not exist");
        } catch (IOException e) {
            throw new VaultException(Failure.IO, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static VaultException tooLarge(Path file) {
        return new VaultException(Failure.INVALID_INPUT, file + " is larger than " + MAX_BYTES
                + " bytes (16 MiB), the most Keystash imports");
    }
}
