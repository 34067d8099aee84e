package io.keystash.vault.rotation;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultReader;
import io.keystash.vault.storage.AtomicFile;
import io.keystash.vault.storage.BoundedFileRead;
import io.keystash.vault.storage.TrustedPaths;
import io.keystash.vault.storage.VaultPaths;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Copies of the encrypted vault file taken before every rotation and rollback, in the vault's
 * {@code backups/} folder (0700, files 0600), newest 20 kept. A backup is a whole vault: it opens
 * with the same passphrase or key file, and never holds a clear value.
 *
 * <p>A backup appears whole or not at all: a hard link to the vault file (see {@link #take}), or,
 * where links are not possible, a temp file in the folder renamed to its name ({@link AtomicFile}),
 * so a writer killed mid-backup leaves no short {@code .bak} that a person would restore from; the
 * next backup removes such a writer's temp file.
 *
 * <p>Names are {@code VAULTNAME-yyyyMMddTHHmmss.SSSZ-NNN.bak}: the UTC time of the backup and a
 * counter for backups within the same millisecond, both fixed-width, so that the names sort in
 * the order the backups were taken and pruning removes the oldest.
 */
public final class Backups {
    public static final int KEEP = 20;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path folder;
    private final String prefix;
    private final Clock clock;

    public Backups(VaultPaths paths, Clock clock) {
        this.folder = paths.backups();
        this.prefix = paths.vaultFile().getFileName() + "-";
        this.clock = clock;
    }

    /**
     * Backs up the vault file as it is now, and prunes the oldest beyond {@link #KEEP}. Call under
     * the vault's write lock (as rotation does): it removes temp files that killed backups left,
     * which must not be a live writer's. Where the file system allows, the backup is a hard link: Keystash
     * never changes a vault file in place (every write is a new file renamed over it, see
     * {@code AtomicFile}), so the link goes on holding this content after the next write, and a
     * 10,000-key vault is backed up without copying and syncing its megabytes again (they are on
     * disk already). Elsewhere (no hard links, another file system) the bytes are copied.
     */
    public Path take(Path vaultFile) throws VaultException {
        Path file = newBackupName();
        try {
            // the file itself: a link to a symbolic link would follow whatever it points to later
            Files.createLink(file, vaultFile.toRealPath());
        } catch (UnsupportedOperationException | IOException e) {
            byte[] bytes;
            try {
                bytes = BoundedFileRead.read(vaultFile, (int) VaultReader.MAX_FILE_BYTES);
            } catch (IOException readFailure) {
                throw new VaultException(Failure.IO, "cannot back up " + vaultFile + ": " + readFailure.getMessage());
            }
            new AtomicFile().write(file, bytes);
        }
        prune();
        return file;
    }

    private Path newBackupName() throws VaultException {
        TrustedPaths.createTrustedFolder(folder, "backups folder");
        removeLeftovers();
        String stamp = STAMP.format(clock.instant());
        int next = nextCounter(prefix + stamp + "-");
        if (next > 999) {
            throw new VaultException(Failure.IO, "cannot name a new backup in " + folder + ": 1000 exist for " + stamp);
        }
        Path file = folder.resolve(prefix + stamp + String.format(Locale.ROOT, "-%03d.bak", next));
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new VaultException(Failure.ALREADY_EXISTS, file + " already exists; refusing to overwrite it");
        }
        return file;
    }

    /**
     * Deletes every backup, and returns how many there were. After a rekey the backups still open
     * with the credentials that were removed or replaced; a careful user deletes them (and their
     * copies elsewhere) once nothing needs restoring from them.
     */
    public int purge() throws VaultException {
        List<Path> files = list();
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new VaultException(Failure.IO, "cannot delete backup " + file + ": " + e.getMessage());
            }
        }
        return files.size();
    }

    /** Existing backups, oldest first (names sort by time). */
    public List<Path> list() throws VaultException {
        List<Path> files = new ArrayList<>();
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return files;
        }
        TrustedPaths.requireTrustedFolder(folder, "backups folder");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, prefix + "*.bak")) {
            entries.forEach(files::add);
        } catch (IOException e) {
            throw new VaultException(Failure.IO, "cannot list backups in " + folder + ": " + e.getMessage());
        }
        for (Path file : files) {
            TrustedPaths.requireTrustedFile(file, "backup");
        }
        files.sort(null);
        return files;
    }

    /** One more than the highest counter among backups named {@code start…}: never reused after pruning. */
    private int nextCounter(String start) throws VaultException {
        int next = 0;
        for (Path file : list()) {
            String name = file.getFileName().toString();
            if (name.startsWith(start) && name.length() == start.length() + 7) {
                try {
                    next = Math.max(next, Integer.parseInt(name.substring(start.length(), start.length() + 3)) + 1);
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        }
        return next;
    }

    /** Temp files of backups whose writer was killed before the rename ({@code .VAULTNAME-….bak.N.tmp}). */
    private void removeLeftovers() {
        String start = "." + prefix;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(folder,
                entry -> entry.getFileName().toString().startsWith(start) && entry.getFileName().toString().endsWith(".tmp"))) {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | DirectoryIteratorException e) {
            // A leftover that cannot be removed does not stop the backup; the next one tries again.
        }
    }

    private void prune() throws VaultException {
        List<Path> files = list();
        for (int i = 0; i < files.size() - KEEP; i++) {
            try {
                Files.deleteIfExists(files.get(i));
            } catch (IOException e) {
                throw new VaultException(Failure.IO, "cannot prune backup " + files.get(i) + ": " + e.getMessage());
            }
        }
    }
}
