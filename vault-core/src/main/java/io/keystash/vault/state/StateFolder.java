package io.keystash.vault.state;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.crypto.Sha256;
import io.keystash.vault.format.VaultId;
import io.keystash.vault.storage.AtomicFile;
import io.keystash.vault.storage.BoundedFileRead;
import io.keystash.vault.storage.TrustedPaths;
import io.keystash.vault.storage.VaultLock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * {@code KEYSTASH_HOME/state/}: one small text file per vault id, {@code vault-ID}, and one per
 * vault path that held a format 3 vault, {@code path-HASH} (so a format 2 copy restored over it is
 * recognised as older too). Readers (the agent among them) take no lock and write nothing; writers
 * update a file under its lock with an atomic replace, so two commands never lose each other's
 * generation.
 *
 * <p>File form, one fact per line: {@code keystash-state 1}, {@code highest N}, {@code written N},
 * {@code approve KEY FINGERPRINT}, {@code sync STORE REVISION GENERATION SYNCED-MS UNPUBLISHED(0|1)}.
 * Unknown lines are ignored, so a newer
 * Keystash may add some; an unreadable file counts as damaged (the machine refuses to guess).
 */
public final class StateFolder {
    /** Room for about 100,000 approvals of long key names; a vault rarely has more than a few. */
    private static final int MAX_FILE_BYTES = 16 << 20;
    private static final String MAGIC = "keystash-state 1";

    private final Path folder;

    private StateFolder(Path folder) {
        this.folder = folder;
    }

    /** The state folder under {@code home} ({@code KEYSTASH_HOME}). */
    public static StateFolder under(Path home) {
        return new StateFolder(home.resolve("state"));
    }

    public Path folder() {
        return folder;
    }

    /**
     * What is remembered about {@code id}; nothing remembered when there is no file. A state folder
     * or file that another user could write is refused: whoever could lower a remembered
     * generation could slip an older copy of the vault past the check.
     */
    public VaultFacts read(VaultId id) throws VaultException {
        Path file = fileOf(id);
        String text = readText(file);
        if (text == null) {
            return VaultFacts.none();
        }
        TrustedPaths.requireTrustedFolder(folder, "state folder");
        TrustedPaths.requireTrustedFile(file, "state file");
        return parse(text, file);
    }

    /** Applies {@code change} to the facts about {@code id} under the file's lock. */
    public VaultFacts update(VaultId id, UnaryOperator<VaultFacts> change) throws VaultException {
        TrustedPaths.createTrustedFolder(folder, "state folder");
        Path file = fileOf(id);
        try (VaultLock lock = VaultLock.acquire(folder.resolve(file.getFileName() + ".lock"), VaultLock.DEFAULT_WAIT)) {
            String text = readText(file);
            VaultFacts before = text == null ? VaultFacts.none() : parse(text, file);
            VaultFacts after = change.apply(before);
            if (!after.equals(before)) {
                byte[] bytes = format(after).getBytes(StandardCharsets.UTF_8);
                if (bytes.length > MAX_FILE_BYTES) {
                    // Written, it would read as damaged: refuse now, leaving what was remembered as it was.
                    throw new VaultException(Failure.CONFLICT, "this machine's record " + file + " would exceed "
                            + (MAX_FILE_BYTES >> 20) + " MiB (too many approvals); nothing was recorded");
                }
                new AtomicFile().write(file, bytes);
            }
            return after;
        }
    }

    /** The id of the format 3 vault last opened at {@code vaultFile}, or null. */
    public VaultId vaultAt(Path vaultFile) throws VaultException {
        String text = readText(pathFile(vaultFile));
        if (text == null) {
            return null;
        }
        try {
            return VaultId.of(HexFormat.of().parseHex(text.strip()));
        } catch (IllegalArgumentException e) {
            throw damaged(pathFile(vaultFile));
        }
    }

    /** Remembers that {@code vaultFile} holds the vault {@code id}. */
    public void rememberPath(Path vaultFile, VaultId id) throws VaultException {
        if (id.equals(vaultAt(vaultFile))) {
            return;
        }
        TrustedPaths.createTrustedFolder(folder, "state folder");
        new AtomicFile().write(pathFile(vaultFile), (id.hex() + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private Path fileOf(VaultId id) {
        return folder.resolve("vault-" + id.hex());
    }

    private Path pathFile(Path vaultFile) {
        byte[] path = vaultFile.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8);
        return folder.resolve("path-" + HexFormat.of().formatHex(Sha256.of(path, 0, path.length), 0, 16));
    }

    private static String readText(Path file) throws VaultException {
        try {
            return new String(BoundedFileRead.read(file, MAX_FILE_BYTES), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (BoundedFileRead.TooLargeException e) {
            throw damaged(file);
        } catch (IOException e) {
            throw new VaultException(Failure.IO, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static VaultFacts parse(String text, Path file) throws VaultException {
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].equals(MAGIC)) {
            throw damaged(file);
        }
        long highest = 0;
        long written = 0;
        Map<String, String> approvals = new TreeMap<>();
        VaultFacts.Sync sync = null;
        try {
            for (int i = 1; i < lines.length; i++) {
                String[] words = lines[i].split(" ");
                switch (words[0]) {
                    case "highest" -> highest = Long.parseLong(words[1]);
                    case "written" -> written = Long.parseLong(words[1]);
                    case "approve" -> approvals.put(words[1], words[2]);
                    case "sync" -> sync = new VaultFacts.Sync(words[1], Long.parseLong(words[2]), Long.parseLong(words[3]),
                            Long.parseLong(words[4]), "1".equals(words[5]));
                    default -> { }
                }
            }
        } catch (RuntimeException e) {
            throw damaged(file);
        }
        return new VaultFacts(highest, written, approvals, sync);
    }

    private static String format(VaultFacts facts) {
        StringBuilder out = new StringBuilder(MAGIC).append('\n');
        out.append("highest ").append(facts.highestSeen()).append('\n');
        out.append("written ").append(facts.lastWritten()).append('\n');
        facts.approvals().forEach((key, fingerprint) -> out.append("approve ").append(key).append(' ')
                .append(fingerprint).append('\n'));
        VaultFacts.Sync sync = facts.sync();
        if (sync != null) {
            out.append("sync ").append(sync.store()).append(' ').append(sync.revision()).append(' ').append(sync.generation())
                    .append(' ').append(sync.syncedAt()).append(' ').append(sync.unpublished() ? 1 : 0).append('\n');
        }
        return out.toString();
    }

    private static VaultException damaged(Path file) {
        return new VaultException(Failure.DAMAGED, "this machine's record " + file
                + " is damaged; remove it to start afresh (older copies of the vault will then be accepted once)");
    }
}
