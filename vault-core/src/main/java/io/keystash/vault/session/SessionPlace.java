package io.keystash.vault.session;

import io.keystash.vault.crypto.Sha256;
import io.keystash.vault.storage.VaultPaths;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where a vault's unlock session listens: a folder of the user's own, 0700 —
 * {@code $XDG_RUNTIME_DIR/keystash/} when that variable names a folder (a per-user tmpfs that
 * the system empties at logout and reboot), else {@code KEYSTASH_HOME/run/} — and in it, files
 * named after the vault: {@code vault-HASH.sock} (the socket), {@code .lock} (held by the running
 * session, so the kernel frees it when the session dies, however it dies) and {@code .log}.
 *
 * <p>HASH is the first 12 bytes of SHA-256 of the vault file's real path, so every way of naming
 * one vault file (a relative path, a link) finds the same session, and the name reveals nothing
 * but that. Finding out that no session runs costs a {@code stat} or two: the agent does it at
 * every start.
 */
public final class SessionPlace {
    public static final String RUNTIME_DIR_VARIABLE = "XDG_RUNTIME_DIR";
    /** Unix socket paths are limited to 107 bytes ({@code sun_path}). */
    static final int MAX_SOCKET_PATH_BYTES = 107;

    private final Path folder;
    private final String name;
    private final Path vaultFile;

    private SessionPlace(Path folder, String name, Path vaultFile) {
        this.folder = folder;
        this.name = name;
        this.vaultFile = vaultFile;
    }

    /** The place of the session for the vault at {@code paths}, with {@code environment}'s {@code XDG_RUNTIME_DIR}. */
    public static SessionPlace of(VaultPaths paths, Map<String, String> environment) {
        String runtime = environment.get(RUNTIME_DIR_VARIABLE);
        Path folder = null;
        if (runtime != null && !runtime.isBlank()) {
            Path runtimeDir = Path.of(runtime);
            if (runtimeDir.isAbsolute() && Files.isDirectory(runtimeDir)) {
                folder = runtimeDir.resolve("keystash");
            }
        }
        if (folder == null) {
            folder = paths.home().resolve("run");
        }
        Path vault = paths.vaultFile();
        Path real;
        try {
            real = vault.toRealPath();
        } catch (IOException | SecurityException e) {
            real = vault;
        }
        byte[] pathBytes = real.toString().getBytes(StandardCharsets.UTF_8);
        byte[] digest = Sha256.of(pathBytes, 0, pathBytes.length);
        String name = "vault-" + HexFormat.of().formatHex(digest, 0, 12);
        return new SessionPlace(folder, name, vault);
    }

    /** The folder holding the session's files. */
    public Path folder() {
        return folder;
    }

    public Path socket() {
        return folder.resolve(name + ".sock");
    }

    public Path lockFile() {
        return folder.resolve(name + ".lock");
    }

    public Path logFile() {
        return folder.resolve(name + ".log");
    }

    /** The vault this place is for, as it was named. */
    public Path vaultFile() {
        return vaultFile;
    }

    /** Whether something sits at the socket's path (one {@code stat}; it may be a stale socket). */
    public boolean socketPresent() {
        return Files.exists(socket(), LinkOption.NOFOLLOW_LINKS);
    }

    /** Whether the socket's path fits a Unix socket address. */
    boolean socketPathFits() {
        return socket().toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH_BYTES;
    }

    @Override
    public String toString() {
        return socket().toString();
    }
}
