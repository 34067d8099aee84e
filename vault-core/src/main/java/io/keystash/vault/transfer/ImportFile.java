package io.keystash.vault.transfer;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a file to import, refusing it before any parsing when it is larger than
 * {@link #MAX_BYTES}: a hostile or mistaken file (a disk image, a log) must not make us allocate
 * without bound. The cap holds even for a file that grows while we read it, or a pipe.
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
        try (InputStream in = Files.newInputStream(file)) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (content.size() + n > MAX_BYTES) {
                    throw tooLarge(file);
                }
                content.write(buffer, 0, n);
            }
            Arrays.fill(buffer, (byte) 0);
            return content.toByteArray();
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
