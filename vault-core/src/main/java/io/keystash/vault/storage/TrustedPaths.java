package io.keystash.vault.storage;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one rule for which folders and files Keystash trusts, used by everything that keeps or reads
 * a vault's files: {@code KEYSTASH_HOME}, the vault's folder, the vault, its audit log, lock file
 * and backups folder, the agent's cache, and every folder added later (call
 * {@link #createTrustedFolder} for a new one, such as {@code KEYSTASH_HOME/state/} or
 * {@code KEYSTASH_HOME/run/}).
 *
 * <p>Why: another local user who can write in a vault's folder can plant its companions before
 * Keystash makes them (an audit log that user reads key names from, a backups folder they can
 * rename a backup out of), or put an older vault in place of the current one. So:
 * <ul>
 *   <li>a <b>folder</b> must belong to the user running Keystash and be writable by nobody else
 *       (group and others may read and enter it: a 0755 project folder is fine; a 0775 one, or a
 *       sticky 1777 one such as {@code /tmp}, is not);</li>
 *   <li>a <b>file</b> must belong to that user and be readable and writable by nobody else (0600:
 *       key names in an audit log are not for other users either).</li>
 * </ul>
 * A symbolic link is followed: the real target is what is checked, and what a refusal names, so
 * the fix it suggests ({@code chmod}) works. Only the path itself is checked, not its parents. On a
 * file system without POSIX permissions (Windows) nothing is checked.
 *
 * <p>A refusal is the IO failure (CLI exit 6, agent 78) with one line: the path, what is wrong, the
 * fix. The check is a {@code stat} of the real path by numeric user id (no user-name lookup, which
 * can be slow where names come from a directory service): it sits on the agent's start path.
 */
public final class TrustedPaths {
    private static final int GROUP_OR_OTHERS_WRITE = 0022;
    private static final int GROUP_OR_OTHERS_ANY = 0077;
    /** The user id of this process, or -1 when it cannot be told (then only modes are checked). */
    private static volatile int currentUid = Integer.MIN_VALUE;

    private TrustedPaths() {
    }

    /**
     * Refuses {@code folder} unless it is a folder of the current user that nobody else may write
     * to. {@code what} names it in the message ("vault folder", "backups folder"). A missing
     * folder is NOT_FOUND.
     */
    public static void requireTrustedFolder(Path folder, String what) throws VaultException {
        String problem = whyUntrusted(folder, what, true);
        if (problem != null) {
            throw new VaultException(Failure.IO, problem);
        }
    }

    /**
     * Creates {@code folder} 0700 (and its missing parents) if it does not exist, then refuses it
     * as {@link #requireTrustedFolder} does. Every folder Keystash keeps files in is made this way.
     */
    public static void createTrustedFolder(Path folder, String what) throws VaultException {
        SecureFiles.createPrivateFolder(folder);
        requireTrustedFolder(folder, what);
    }

    /**
     * Refuses {@code file} unless it belongs to the current user and nobody else may read or write
     * it. A missing file is NOT_FOUND.
     */
    public static void requireTrustedFile(Path file, String what) throws VaultException {
        String problem = whyUntrusted(file, what, false);
        if (problem != null) {
            throw new VaultException(Failure.IO, problem);
        }
    }

    /** As {@link #requireTrustedFile}, but a missing file is fine (it will be created 0600). */
    public static void requireTrustedFileIfPresent(Path file, String what) throws VaultException {
        if (Files.exists(file)) {
            requireTrustedFile(file, what);
        }
    }

    /**
     * Why {@code path} cannot be trusted as a folder ({@code folder} true) or as a file, as the
     * one-line message of a refusal; null when it can. For callers that fall back instead of
     * failing (the agent's class cache). A missing path throws NOT_FOUND.
     */
    public static String whyUntrusted(Path path, String what, boolean folder) throws VaultException {
        if (!SecureFiles.supportsPosix(path)) {
            return null;
        }
        Path real;
        Map<String, Object> attributes;
        try {
            real = path.toRealPath();
            attributes = Files.readAttributes(real, "unix:mode,uid");
        } catch (NoSuchFileException e) {
            throw new VaultException(Failure.NOT_FOUND, what + " " + path + " does not exist");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            throw new VaultException(Failure.IO, "cannot check who may change " + what + " " + path + ": " + e.getMessage());
        }
        int mode = (Integer) attributes.get("mode");
        int uid = (Integer) attributes.get("uid");
        String named = real.equals(path.toAbsolutePath().normalize()) ? what + " " + path
                : what + " " + path + " (a link to " + real + ")";
        boolean isFolder = (mode & 0170000) == 0040000;
        if (folder != isFolder) {
            return named + " is " + (isFolder ? "a folder, not a file" : "not a folder");
        }
        int me = currentUid();
        if (me >= 0 && uid != me) {
            return named + " belongs to another user (uid " + uid + "), who could change what Keystash reads there; "
                    + (folder ? "keep the vault in a folder of your own (such as ~/.keystash)"
                    : "move it away (Keystash did not make it for you) and try again");
        }
        if (folder && (mode & GROUP_OR_OTHERS_WRITE) != 0) {
            return named + " is writable by other users (mode " + modeString(mode)
                    + "), who could plant or replace Keystash's files there; run: chmod go-w " + real;
        }
        if (!folder && (mode & GROUP_OR_OTHERS_ANY) != 0) {
            return named + " is accessible by other users (mode " + modeString(mode) + "); run: chmod 600 " + real;
        }
        return null;
    }

    private static String modeString(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE, high bit first
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                permissions.add(bits[i]);
            }
        }
        String text = PosixFilePermissions.toString(permissions);
        if ((mode & 01000) != 0) {
            text = text.substring(0, 8) + ((mode & 0001) != 0 ? 't' : 'T');
        }
        return text;
    }

    /**
     * The real user id of this process: the owner of {@code /proc/self} on Linux (right for a user
     * id without a name, as in some containers), else asked of the JDK's {@code UnixSystem}; -1
     * when neither tells.
     */
    static int currentUid() {
        int uid = currentUid;
        if (uid == Integer.MIN_VALUE) {
            uid = lookUpUid();
            currentUid = uid;
        }
        return uid;
    }

    private static int lookUpUid() {
        try {
            Path self = Path.of("/proc/self");
            if (Files.isDirectory(self)) {
                return (Integer) Files.getAttribute(self, "unix:uid");
            }
        } catch (IOException | RuntimeException e) {
            // ask the JDK below
        }
        try {
            Class<?> unixSystem = Class.forName("com.sun.security.auth.module.UnixSystem");
            Method getUid = unixSystem.getMethod("getUid");
            return (int) (long) (Long) getUid.invoke(unixSystem.getConstructor().newInstance());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return -1;
        }
    }
}
