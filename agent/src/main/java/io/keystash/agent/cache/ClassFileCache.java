package io.keystash.agent.cache;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.storage.AtomicFile;
import io.keystash.vault.storage.BoundedFileRead;
import io.keystash.vault.storage.SecureFiles;
import io.keystash.vault.storage.TrustedPaths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;

/**
 * Transformed class files kept between starts under {@code HOME/cache/agent/}, so that a start
 * after the first skips the bytecode library entirely.
 *
 * <p>Why reading code from a file here is safe: the files are trusted exactly as far as the user's
 * own files already are. {@code HOME}, {@code cache}, {@code cache/agent} and the file must pass
 * vault-core's {@link TrustedPaths} check, the same rule as the vault's own files: belong to the
 * user running the JVM, folders writable and files accessible by nobody else (a folder is created
 * 0700, a file 0600, written to a temp file and renamed); the file must not be a symbolic link.
 * Anything else is ignored. Someone who can write
 * there is that user, and could as well edit the agent jar, the launch command or
 * {@code JAVA_TOOL_OPTIONS}: write access already equals code execution. The checksum inside the
 * file is against accidents (a full disk, a crash, a copy from elsewhere), which matter because
 * the JVM does not verify bootstrap classes.
 *
 * <p>Every problem (no folder, read-only, damaged, foreign, wrong permissions) means "no cache":
 * the caller transforms again, and the notes say why for {@code verbose=true}.
 */
public final class ClassFileCache {
    private final Path home;
    private final Path folder;
    private final String absence;

    private ClassFileCache(Path home, String absence) {
        this.home = home;
        this.folder = home == null ? null : home.resolve("cache").resolve("agent");
        this.absence = absence;
    }

    /** The cache under {@code home} ({@code KEYSTASH_HOME}); none when that folder does not exist. */
    public static ClassFileCache under(Path home) {
        Path real;
        try {
            real = home.toRealPath();
        } catch (IOException e) {
            return none("no folder " + home);
        }
        if (!Files.isDirectory(real)) {
            return none(home + " is not a folder");
        }
        if (!SecureFiles.supportsPosix(real)) {
            return none("no POSIX permissions on " + home);
        }
        return new ClassFileCache(real, null);
    }

    /** No cache, for the given reason. */
    public static ClassFileCache none(String reason) {
        return new ClassFileCache(null, reason);
    }

    /** Where the file for {@code key} is (or would be); null without a cache. */
    public Path file(CacheKey key) {
        return folder == null ? null : folder.resolve(key.fileName());
    }

    /** The classes stored for {@code key}, exactly {@code names} in order, or why there are none. */
    public Lookup load(CacheKey key, List<String> names) {
        if (folder == null) {
            return Lookup.miss("no cache: " + absence);
        }
        Path file = file(key);
        try {
            String problem = unsafeFolder();
            if (problem != null) {
                return Lookup.miss("cache not used: " + problem);
            }
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                problem = attributes.isSymbolicLink() ? "it is a symbolic link" : "it is not a regular file";
            }
            if (problem == null) {
                problem = TrustedPaths.whyUntrusted(file, "file", false);
            }
            if (problem == null && attributes.size() > CacheFile.MAX_SIZE) {
                problem = "it is too large";
            }
            if (problem != null) {
                return Lookup.miss("cache file refused: " + problem);
            }
            Map<String, byte[]> classes = CacheFile.decode(BoundedFileRead.read(file, CacheFile.MAX_SIZE), key, names);
            return new Lookup(classes, "classes read from cache " + file);
        } catch (NoSuchFileException e) {
            return Lookup.miss("not in cache yet");
        } catch (VaultException e) {
            return Lookup.miss(e.failure() == Failure.NOT_FOUND ? "not in cache yet" : "cache not used: " + e.getMessage());
        } catch (CacheFile.DamagedException e) {
            return Lookup.miss("cache file ignored: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return Lookup.miss("cache file unreadable: " + e.getMessage());
        }
    }

    /** Stores {@code classes} for {@code key}, replacing any file there; says what happened. */
    public String store(CacheKey key, Map<String, byte[]> classes) {
        if (folder == null) {
            return "not cached: " + absence;
        }
        Path file = file(key);
        try {
            // The home first: nothing is created in a home others may write to.
            String problem = TrustedPaths.whyUntrusted(home, "folder", true);
            if (problem == null) {
                SecureFiles.createPrivateFolder(folder);
                problem = unsafeFolder();
            }
            if (problem != null) {
                return "not cached: " + problem;
            }
            new AtomicFile().write(file, CacheFile.encode(key, classes));
            return "cached in " + file;
        } catch (VaultException e) {
            return "not cached: " + e.getMessage();
        } catch (RuntimeException e) {
            return "not cached: " + file + ": " + e.getMessage();
        }
    }

    /** Why the folders holding cache files cannot be trusted ({@link TrustedPaths}), or null. Missing folders throw. */
    private String unsafeFolder() throws VaultException {
        for (Path path : List.of(home, home.resolve("cache"), folder)) {
            String problem = TrustedPaths.whyUntrusted(path, "folder", true);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /**
     * What {@link #load} found.
     *
     * @param classes internal name → class file, or null on a miss
     * @param note    one line for {@code verbose=true}: the file read, or why nothing was
     */
    public record Lookup(Map<String, byte[]> classes, String note) {
        static Lookup miss(String note) {
            return new Lookup(null, note);
        }

        public boolean found() {
            return classes != null;
        }
    }
}
