package io.keystash.remote.config;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.storage.AtomicFile;
import io.keystash.vault.storage.BoundedFileRead;
import io.keystash.vault.storage.SecureFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code KEYSTASH_HOME/remote} (0600): the store this machine's replica follows, one setting a
 * line ({@code url …}, {@code vault FILE} (the replica), {@code tls true}, {@code cacert FILE},
 * {@code cert FILE}, {@code key FILE}, {@code user NAME}, {@code password-file FILE}). It lives in the home, not beside the vault, so
 * {@code remote set} works before there is a vault to pull.
 */
public final class RemoteFile {
    public static final String NAME = "remote";
    private static final String MAGIC = "keystash-remote 1";

    private RemoteFile() {
    }

    /** The settings under {@code home}, if any. */
    public static Optional<Remote> read(Path home) throws VaultException {
        Path file = home.resolve(NAME);
        String text;
        try {
            text = new String(BoundedFileRead.read(file, 64 * 1024), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (BoundedFileRead.TooLargeException e) {
            throw damaged(file);
        } catch (IOException e) {
            throw new VaultException(Failure.IO, "cannot read " + file + ": " + e.getMessage());
        }
        String url = null;
        Path replica = null;
        boolean tls = false;
        Path caCert = null;
        Path cert = null;
        Path key = null;
        String user = null;
        Path passwordFile = null;
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].equals(MAGIC)) {
            throw damaged(file);
        }
        for (String line : lines) {
            int space = line.indexOf(' ');
            if (space < 0 || line.startsWith("#")) {
                continue;
            }
            String value = line.substring(space + 1);
            switch (line.substring(0, space)) {
                case "url" -> url = value;
                case "vault" -> replica = Path.of(value);
                case "tls" -> tls = Boolean.parseBoolean(value);
                case "cacert" -> caCert = Path.of(value);
                case "cert" -> cert = Path.of(value);
                case "key" -> key = Path.of(value);
                case "user" -> user = value;
                case "password-file" -> passwordFile = Path.of(value);
                default -> { }
            }
        }
        if (replica == null) {
            throw damaged(file);
        }
        try {
            return Optional.of(new Remote(RemoteSettings.parse(url, tls, caCert, cert, key, user, passwordFile), replica));
        } catch (VaultException e) {
            throw new VaultException(Failure.DAMAGED, file + " is damaged (" + e.getMessage() + "); set it again with: keystash remote set");
        }
    }

    /** Writes the settings (0600, atomically), creating the home (0700) when needed. */
    public static void write(Path home, Remote remote) throws VaultException {
        RemoteSettings settings = remote.store();
        StringBuilder out = new StringBuilder(MAGIC).append('\n');
        out.append("url ").append(settings.url()).append('\n');
        out.append("vault ").append(remote.replica()).append('\n');
        out.append("tls ").append(settings.tls()).append('\n');
        append(out, "cacert", settings.caCert());
        append(out, "cert", settings.cert());
        append(out, "key", settings.key());
        if (settings.user() != null) {
            out.append("user ").append(settings.user()).append('\n');
        }
        append(out, "password-file", settings.passwordFile());
        SecureFiles.createPrivateFolder(home);
        new AtomicFile().write(home.resolve(NAME), out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Removes the settings; false when there were none. */
    public static boolean remove(Path home) throws VaultException {
        try {
            return Files.deleteIfExists(home.resolve(NAME));
        } catch (IOException e) {
            throw new VaultException(Failure.IO, "cannot remove " + home.resolve(NAME) + ": " + e.getMessage());
        }
    }

    private static void append(StringBuilder out, String name, Path path) {
        if (path != null) {
            out.append(name).append(' ').append(path).append('\n');
        }
    }

    private static VaultException damaged(Path file) {
        return new VaultException(Failure.DAMAGED, file + " is damaged; set it again with: keystash remote set");
    }
}
