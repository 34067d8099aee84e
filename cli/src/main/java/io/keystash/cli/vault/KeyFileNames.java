package io.keystash.cli.vault;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * New key files: the member name one gets when none is given (its file name without extension),
 * and the checks made before anyone is asked for a passphrase to add one.
 */
final class KeyFileNames {
    private KeyFileNames() {
    }

    /**
     * Refuses, before anything is asked or unlocked, a path where a new key file cannot be written:
     * a file there already (never overwritten), or a folder that does not exist. {@code command}
     * is the command to suggest with another path.
     */
    static void requireNew(Path file, String command) throws VaultException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new VaultException(Failure.ALREADY_EXISTS, file + " already exists and is never overwritten; "
                    + "give a new path, e.g.: " + command + " " + sibling(file));
        }
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new VaultException(Failure.IO, "cannot write " + file + ": folder " + folder + " does not exist; "
                    + "create it with: mkdir -p " + folder);
        }
    }

    /** A free name beside {@code file}: {@code app.key} → {@code app-2.key}. */
    private static Path sibling(Path file) {
        String fileName = file.getFileName() == null ? "new.key" : file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
        String extension = dot > 0 ? fileName.substring(dot) : "";
        for (int i = 2; ; i++) {
            Path candidate = file.resolveSibling(stem + "-" + i + extension);
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return candidate;
            }
        }
    }

    /** {@code ci.key} → {@code ci}; characters a member name cannot hold become {@code -}; {@code key-file} if nothing is left. */
    static String memberNameFor(Path file) {
        String fileName = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
        StringBuilder out = new StringBuilder();
        for (char c : stem.toCharArray()) {
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-' || c == '@';
            out.append(ok ? c : '-');
        }
        while (out.length() > 0 && !Character.isLetterOrDigit(out.charAt(0))) {
            out.deleteCharAt(0);
        }
        String name = out.length() > 64 ? out.substring(0, 64) : out.toString();
        return name.isEmpty() ? "key-file" : name;
    }
}
