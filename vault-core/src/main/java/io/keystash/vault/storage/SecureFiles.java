package io.keystash.vault.storage;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files and folders that only their owner may read: folders 0700, files 0600, set at creation so
 * there is no moment when they are more open (no create-then-chmod race). Whether an existing
 * folder or file may be trusted is {@link TrustedPaths}' decision.
 */
public final class SecureFiles {
    public static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> OWNER_FOLDER = PosixFilePermissions.fromString("rwx------");

    private SecureFiles() {
    }

    /**
     * True where the file system of {@code path} has POSIX permissions (not on Windows). The path
     * need not exist: only its file system is asked.
     *
     * <p>Asked of the file system, not of the file's {@link java.nio.file.FileStore}: on Linux,
     * {@code Files.getFileStore} reads and searches the whole mount table on every call (three times
     * per agent start, more on a host with hundreds of container mounts), and the JDK's Unix
     * stores answer "posix" for every mount anyway, unless an {@code fstypes.properties} file in the
     * JDK says otherwise.
     */
    public static boolean supportsPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Creates {@code folder} (and missing parents) with mode 0700 for the folders it creates. */
    public static void createPrivateFolder(Path folder) throws VaultException {
        try {
            if (Files.isDirectory(folder)) {
                return;
            }
            Path parent = folder.getParent();
            if (parent != null && !Files.exists(parent)) {
                createPrivateFolder(parent);
            }
            if (supportsPosix(folder)) {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_FOLDER));
            } else {
                Files.createDirectory(folder);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(folder)) {
                throw new VaultException(Failure.IO, folder + " exists and is not a folder");
            }
        } catch (IOException e) {
            throw new VaultException(Failure.IO, "cannot create folder " + folder + ": " + e.getMessage());
        }
    }

    /** The attribute that makes a new file 0600, where the file system supports it. */
    public static FileAttribute<?>[] ownerOnlyFile(Path folder) {
        return supportsPosix(folder)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
                : new FileAttribute<?>[0];
    }

    /** Writes a new 0600 file, refusing to replace an existing one; synced before returning. */
    public static void writeNewPrivateFile(Path file, byte[] content) throws VaultException {
        Path folder = file.toAbsolutePath().getParent();
        try (FileChannel channel = FileChannel.open(file,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnlyFile(folder))) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (FileAlreadyExistsException e) {
            throw new VaultException(Failure.ALREADY_EXISTS, file + " already exists; refusing to overwrite it");
        } catch (NoSuchFileException e) {
            throw new VaultException(Failure.IO, "cannot write " + file + ": folder " + folder + " does not exist; create it with: mkdir -p " + folder);
        } catch (IOException e) {
            throw new VaultException(Failure.IO, "cannot write " + file + ": " + e.getMessage());
        }
    }
}
