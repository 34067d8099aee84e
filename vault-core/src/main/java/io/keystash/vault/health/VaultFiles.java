package io.keystash.vault.health;

import io.keystash.vault.VaultException;
import io.keystash.vault.format.KeySlot;
import io.keystash.vault.format.MalformedException;
import io.keystash.vault.format.NewerFormatException;
import io.keystash.vault.format.ParsedVault;
import io.keystash.vault.format.SlotKind;
import io.keystash.vault.format.VaultCodec;
import io.keystash.vault.rotation.Backups;
import io.keystash.vault.storage.BoundedFileRead;
import io.keystash.vault.storage.TrustedPaths;
import io.keystash.vault.storage.VaultPaths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a vault's files tell without a key: whether the vault exists, whether every folder and file
 * passes {@link TrustedPaths}' rule (the same rule every command enforces, so a FIX here is a
 * command that would fail), the format and generation in its clear header, how many ways in each
 * kind it has, and its backups.
 */
public final class VaultFiles {
    static final String AREA = "vault";
    private static final String WAYS = "ways in";

    private VaultFiles() {
    }

    /** The findings for the vault at {@code paths}; {@link #exists} tells whether there is more to check. */
    public static List<Finding> check(VaultPaths paths) {
        List<Finding> findings = new ArrayList<>();
        Path vault = paths.vaultFile();
        folder(findings, paths.home(), "Keystash home", !exists(paths));
        if (!paths.folder().equals(paths.home())) {
            folder(findings, paths.folder(), "vault folder", false);
        }
        if (!exists(paths)) {
            findings.add(Finding.fix(AREA, "no vault at " + vault + "; create one and store a first key with: keystash setup PROVIDER"));
            return findings;
        }
        String problem = problem(vault, "vault", false);
        if (problem != null) {
            findings.add(Finding.fix(AREA, problem));
        }
        file(findings, paths.auditLog(), "audit log", "no audit log yet (the first command that unlocks writes it)");
        file(findings, paths.lockFile(), "lock file", null);
        header(findings, paths, problem == null ? "vault " + vault + " (" + mode(vault) + ")" : "vault " + vault);
        backups(findings, paths);
        return findings;
    }

    /** True when the vault file exists. */
    public static boolean exists(VaultPaths paths) {
        return Files.exists(paths.vaultFile());
    }

    private static void folder(List<Finding> findings, Path folder, String what, boolean mayBeMissing) {
        if (!Files.exists(folder)) {
            if (!mayBeMissing) {
                findings.add(Finding.fix(AREA, what + " " + folder + " does not exist; create it with: mkdir -m 700 -p " + folder));
            }
            return;
        }
        String problem = problem(folder, what, true);
        findings.add(problem != null ? Finding.fix(AREA, problem) : Finding.ok(AREA, what + " " + folder + " (" + mode(folder) + ")"));
    }

    private static void file(List<Finding> findings, Path file, String what, String whenMissing) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            if (whenMissing != null) {
                findings.add(Finding.note(AREA, whenMissing));
            }
            return;
        }
        String problem = problem(file, what, false);
        if (problem != null) {
            findings.add(Finding.fix(AREA, problem));
        }
    }

    /** Why {@code path} is not trusted, or null; a path that cannot be checked is a problem too. */
    private static String problem(Path path, String what, boolean folder) {
        try {
            return TrustedPaths.whyUntrusted(path, what, folder);
        } catch (VaultException e) {
            return e.getMessage();
        }
    }

    /** The clear header: format, generation and the ways in by kind; a file that does not parse is damaged. */
    private static void header(List<Finding> findings, VaultPaths paths, String described) {
        byte[] file;
        try {
            file = BoundedFileRead.read(paths.vaultFile(), Integer.MAX_VALUE - 8);
        } catch (IOException e) {
            findings.add(Finding.fix(AREA, "cannot read vault " + paths.vaultFile() + ": " + e.getMessage()
                    + "; check who may read it with: ls -l " + paths.vaultFile()));
            return;
        }
        ParsedVault parsed;
        try {
            parsed = VaultCodec.parse(file);
        } catch (MalformedException e) {
            findings.add(Finding.fix(AREA, "vault " + paths.vaultFile() + " is damaged (" + e.getMessage() + "); "
                    + newestBackupHint(paths)));
            return;
        } catch (NewerFormatException e) {
            findings.add(Finding.fix(AREA, "vault " + paths.vaultFile() + " uses format " + e.major()
                    + ", written by a newer Keystash (the file was not changed); install that version, then run: keystash doctor"));
            return;
        }
        findings.add(Finding.ok(AREA, described + ": format " + parsed.major() + "." + parsed.header().minor()
                + ", generation " + parsed.header().generation() + ", " + file.length + " bytes"));
        Map<SlotKind, Integer> kinds = new EnumMap<>(SlotKind.class);
        for (KeySlot slot : parsed.header().slots()) {
            kinds.merge(slot.kind(), 1, Integer::sum);
        }
        List<String> ways = new ArrayList<>();
        kinds.forEach((kind, count) -> ways.add(count + " " + kind.label() + (count == 1 ? "" : "s")));
        int total = parsed.header().slots().size();
        findings.add(total == 1
                ? Finding.note(WAYS, "one way in (" + String.join(", ", ways) + "): lose it and the keys are lost; "
                        + "add another with: keystash keyfile create FILE")
                : Finding.ok(WAYS, total + " ways in: " + String.join(", ", ways)));
    }

    private static String newestBackupHint(VaultPaths paths) {
        try {
            List<Path> backups = new Backups(paths, Clock.systemUTC()).list();
            if (!backups.isEmpty()) {
                Path newest = backups.get(backups.size() - 1);
                return "check the newest backup with: keystash --vault " + newest + " list";
            }
        } catch (VaultException e) {
            // fall through: no usable backup
        }
        return "no backup to restore from; if a copy exists elsewhere, check it with: keystash --vault COPY list";
    }

    private static void backups(List<Finding> findings, VaultPaths paths) {
        if (!Files.exists(paths.backups(), LinkOption.NOFOLLOW_LINKS)) {
            findings.add(Finding.note(AREA, "no backups yet (rotate and rollback write one first)"));
            return;
        }
        try {
            List<Path> backups = new Backups(paths, Clock.systemUTC()).list();
            findings.add(Finding.ok(AREA, "backups " + paths.backups() + " (" + mode(paths.backups()) + "): " + backups.size()
                    + (backups.isEmpty() ? "" : ", newest " + backups.get(backups.size() - 1).getFileName())));
        } catch (VaultException e) {
            findings.add(Finding.fix(AREA, e.getMessage()));
        }
    }

    /** {@code rw-------}, or {@code ?} where POSIX modes are not kept. */
    static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException | UnsupportedOperationException e) {
            return "?";
        }
    }
}
