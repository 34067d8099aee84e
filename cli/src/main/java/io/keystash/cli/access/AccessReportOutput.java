package io.keystash.cli.access;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystash.cli.Keystash;
import io.keystash.cli.terminal.JsonOutput;
import io.keystash.cli.terminal.Table;
import io.keystash.vault.VaultException;
import io.keystash.vault.access.AccessReport;
import io.keystash.vault.access.ProgramReads;
import io.keystash.vault.access.ReadLog;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.model.Names;
import io.keystash.vault.model.Profile;
import io.keystash.vault.storage.VaultPaths;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code keystash report --access [--profile P] [--json]}: per bound key, which programs read it
 * (main class or jar), how often and when last, the first class that read it, and the verdict —
 * with the keys never read (candidates to unbind) and those read only during their program's
 * start (a reload will not reach them) listed after the table. Names and counts only: the read
 * map holds no value.
 */
public final class AccessReportOutput {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private AccessReportOutput() {
    }

    /** Prints the report; the exit status. */
    public static int print(Keystash root, String profileName, boolean json) throws VaultException {
        if (profileName != null) {
            Names.requireProfileName(profileName);
        }
        VaultPaths paths = root.vaultAccess().paths();
        List<ProgramReads> recorded = ReadLog.read(paths.home());
        List<Profile> profiles = root.vaultAccess().read(AuditEvent.of("report --access").profile(profileName), vault -> {
            List<Profile> chosen = new ArrayList<>();
            if (profileName != null) {
                chosen.add(vault.profile(profileName));
            } else {
                for (String name : vault.profileNames()) {
                    chosen.add(vault.profile(name));
                }
            }
            return chosen;
        });
        AccessReport report = AccessReport.of(profiles, recorded, sameVault(paths.vaultFile()));
        PrintStream out = root.context().out();
        if (json) {
            JsonOutput.print(out, toJson(report, paths));
            return 0;
        }
        if (report.runs() == 0) {
            root.context().err().println("No program run under the agent has recorded reads of "
                    + (profileName != null ? "profile " + Names.quote(profileName) + " of " : "") + paths.vaultFile()
                    + " yet: the agent records them in " + ReadLog.file(paths.home()) + " when a program exits and at each reload.");
            return 0;
        }
        out.println("Reads of " + paths.vaultFile() + " by " + report.runs() + " program run" + (report.runs() == 1 ? "" : "s")
                + " under the agent:");
        Table table = new Table("PROFILE", "KEY", "BOUND AS", "PROGRAM", "READS", "LAST READ", "FIRST READ BY", "VERDICT");
        List<String> neverRead = new ArrayList<>();
        List<String> notByName = new ArrayList<>();
        List<String> startOnly = new ArrayList<>();
        for (AccessReport.KeyAccess key : report.keys()) {
            String bound = String.join(", ", key.names());
            if (key.programs().isEmpty()) {
                table.row(key.profile(), key.key(), bound, null, "0", null, null, key.verdict().text());
            }
            for (AccessReport.ProgramUse use : key.programs()) {
                table.row(key.profile(), key.key(), bound, use.program() + (use.runs() > 1 ? " (" + use.runs() + " runs)" : ""),
                        String.valueOf(use.reads()), TIME.format(Instant.ofEpochMilli(use.lastRead()).truncatedTo(ChronoUnit.SECONDS)),
                        use.firstCaller(), key.verdict().text());
            }
            String named = key.key() + (profileName == null ? " (" + key.profile() + ")" : "");
            if (key.verdict() == AccessReport.Verdict.NEVER_READ) {
                neverRead.add(named);
            } else if (key.verdict() == AccessReport.Verdict.NOT_READ_BY_NAME) {
                notByName.add(named);
            } else if (key.verdict() == AccessReport.Verdict.READ_ONLY_DURING_START) {
                startOnly.add(named);
            }
        }
        table.print(out);
        if (!neverRead.isEmpty()) {
            out.println();
            out.println("Bound and never read (candidates to unbind with keystash profile remove-key): " + String.join(", ", neverRead));
        }
        if (!notByName.isEmpty()) {
            out.println();
            out.println("Never read by name, but the whole environment was read at once (perhaps unused; check before "
                    + "unbinding): " + String.join(", ", notByName));
        }
        if (!startOnly.isEmpty()) {
            out.println();
            out.println("Read only during start (the program keeps the value it read: a reload will not reach it, "
                    + "restart after a rotation): " + String.join(", ", startOnly));
        }
        List<String> notes = new ArrayList<>();
        for (AccessReport.KeyAccess key : report.keys()) {
            if (key.note() != null) {
                notes.add(key.key() + (profileName == null ? " (" + key.profile() + ")" : "") + ": " + key.note());
            }
        }
        if (!notes.isEmpty()) {
            out.println();
            for (String note : notes) {
                out.println("Note: " + note);
            }
        }
        return 0;
    }

    /** A run's vault is this one: the same path, or the same file reached another way. */
    private static Predicate<String> sameVault(Path vaultFile) {
        String path = vaultFile.toString();
        return recorded -> {
            if (recorded.equals(path)) {
                return true;
            }
            try {
                return Files.exists(vaultFile) && Files.isSameFile(vaultFile, Path.of(recorded));
            } catch (IOException | RuntimeException e) {
                return false;
            }
        };
    }

    private static ObjectNode toJson(AccessReport report, VaultPaths paths) {
        ObjectNode root = JsonOutput.object();
        root.put("vault", paths.vaultFile().toString());
        root.put("runs", report.runs());
        ArrayNode keys = root.putArray("keys");
        for (AccessReport.KeyAccess key : report.keys()) {
            ObjectNode node = keys.addObject();
            node.put("profile", key.profile());
            node.put("key", key.key());
            ArrayNode names = node.putArray("boundAs");
            key.names().forEach(names::add);
            node.put("verdict", key.verdict().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            node.put("reads", key.reads());
            node.put("lastRead", key.lastRead() == 0 ? null : Instant.ofEpochMilli(key.lastRead()).toString());
            node.put("note", key.note());
            ArrayNode programs = node.putArray("programs");
            for (AccessReport.ProgramUse use : key.programs()) {
                programs.addObject().put("program", use.program()).put("runs", use.runs()).put("reads", use.reads())
                        .put("lastRead", Instant.ofEpochMilli(use.lastRead()).toString()).put("firstReadBy", use.firstCaller());
            }
        }
        return root;
    }
}
