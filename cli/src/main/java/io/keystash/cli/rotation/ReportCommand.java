package io.keystash.cli.rotation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystash.cli.Keystash;
import io.keystash.cli.access.AccessReportOutput;
import io.keystash.cli.keys.ListCommand;
import io.keystash.cli.terminal.JsonOutput;
import io.keystash.cli.terminal.Table;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.members.Exposure;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.Profile;
import io.keystash.vault.rotation.KeyStatus;
import io.keystash.vault.rotation.RotationFailure;
import io.keystash.vault.rotation.RotationProvider;
import io.keystash.vault.rotation.RotationReport;
import io.keystash.vault.rotation.Rotator;
import io.keystash.vault.trust.Approvals;
import io.keystash.vault.trust.TrustStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code keystash report [--json]}: ages, due dates, overdue keys and rotation intervals;
 * {@code keystash report --access [--profile P] [--json]}: which programs read which keys.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Report ages, due dates, overdue keys and rotation intervals; with --access, which programs "
                + "read which keys.", "",
            "Per key: its age, last rotation, next due date (expiry or rotation "
                + "period, whichever is first), overdue flag, rotation count, mean interval between values and "
                + "the rotation provider that rotate --due would use; then totals per provider and per profile; "
                + "then the keys that removed members could read and that have not been rotated since.", "",
            "With --access: per bound key, the programs (main class or jar) that read it under the agent, how often, "
                + "when last and the first class that read it; the keys never read (candidates to unbind) and those "
                + "read only during their program's start (a reload will not reach them). From the agent's read map "
                + "in KEYSTASH_HOME/access/, which holds names and counts, never a value."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  keystash report",
            "  keystash report --json | jq -r '.keys[] | select(.overdue) | .key'",
            "  keystash report --access --profile prod",
            "  keystash report --access --json | jq -r '.keys[] | select(.verdict == \"never-read\") | .key'"})
public final class ReportCommand implements Callable<Integer> {
    private final Keystash root;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Option(names = "--access", description = "Which programs read which keys (the agent's read map).")
    boolean access;

    @Option(names = "--profile", paramLabel = "P", description = "With --access: this profile only (default: every profile).")
    String profile;

    public ReportCommand(Keystash root) {
        this.root = root;
    }

    /** What the report reads from the vault in one unlock. */
    private record Contents(List<KeyEntry> keys, List<Profile> profiles, List<Exposure> exposures, Approvals approvals) {
        /** Each exposure's keys not rotated since the member was removed; exposures with none left are dropped. */
        Map<Exposure, Map<String, Integer>> unrotated() {
            Map<String, Integer> current = new TreeMap<>();
            keys.forEach(key -> current.put(key.name(), key.current().number()));
            Map<Exposure, Map<String, Integer>> out = new LinkedHashMap<>();
            for (Exposure exposure : exposures) {
                Map<String, Integer> left = exposure.unrotated(current);
                if (!left.isEmpty()) {
                    out.put(exposure, left);
                }
            }
            return out;
        }
    }

    @Override
    public Integer call() throws VaultException {
        if (access) {
            return AccessReportOutput.print(root, profile, json);
        }
        if (profile != null) {
            throw new VaultException(Failure.INVALID_INPUT, "--profile goes with --access (report --access --profile "
                    + profile + ")");
        }
        Rotator rotator = RotatorSetup.rotator(root);
        Contents contents = root.vaultAccess().read(AuditEvent.of("report"), vault -> {
            List<Profile> profiles = new ArrayList<>();
            for (String name : vault.profileNames()) {
                profiles.add(vault.profile(name));
            }
            return new Contents(vault.keys(), profiles, vault.exposures(), vault.approvals());
        });
        LocalDate today = RotatorSetup.today();
        RotationReport report = RotationReport.of(contents.keys(), contents.profiles(), today, key -> {
            try {
                return rotator.providerFor(key).map(RotationProvider::id).orElse(null);
            } catch (RotationFailure e) {
                return null;
            }
        });
        Map<String, TrustStatus> approval = new HashMap<>();
        contents.keys().forEach(k -> approval.put(k.name(), contents.approvals().status(k.name(), k.metadata())));
        Map<Exposure, Map<String, Integer>> exposed = contents.unrotated();
        if (json) {
            ObjectNode node = toJson(report, approval);
            ArrayNode exposures = node.putArray("exposures");
            exposed.forEach((exposure, left) -> {
                ObjectNode e = exposures.addObject().put("member", exposure.member())
                        .put("removed", exposure.removed().toString()).put("removedBy", exposure.removedBy());
                ArrayNode keys = e.putArray("keys");
                left.forEach((key, version) -> keys.addObject().put("key", key).put("version", version));
            });
            JsonOutput.print(root.context().out(), node);
        } else if (report.keys().isEmpty()) {
            root.context().err().println("No keys yet (add one with: keystash store NAME).");
        } else {
            print(report, approval, root.context().out());
            printExposures(exposed, root.context().out());
            if (approval.containsValue(TrustStatus.UNAPPROVED)) {
                root.context().err().println(ListCommand.UNAPPROVED_NOTE);
            }
        }
        return 0;
    }

    /** Keys a removed member could read and that have not been rotated since: rotate them at the provider. */
    private static void printExposures(Map<Exposure, Map<String, Integer>> exposed, PrintStream out) {
        if (exposed.isEmpty()) {
            return;
        }
        out.println();
        out.println("Keys removed members could read, not rotated since (rotate each at its provider, then keystash rotate):");
        Table table = new Table("REMOVED MEMBER", "REMOVED", "KEY", "VERSION THEN");
        exposed.forEach((exposure, left) -> left.forEach((key, version) ->
                table.row(exposure.member(), exposure.removed().toString(), key, String.valueOf(version))));
        table.print(out);
    }

    private static void print(RotationReport report, Map<String, TrustStatus> approval, PrintStream out) {
        Table keys = new Table("KEY", "PROVIDER", "AGE", "LAST ROTATED", "NEXT DUE", "OVERDUE", "ROTATIONS", "MEAN INTERVAL",
                "ROTATED BY", "APPROVED");
        for (RotationReport.Row row : report.keys()) {
            KeyStatus s = row.status();
            keys.row(s.key(), s.provider(), s.ageDays() + "d", s.lastRotated() == null ? "never" : s.lastRotated().toString(),
                    s.dueDate() == null ? null : s.dueDate() + " (" + days(s.daysLeft()) + ")", s.overdue() ? "yes" : "no",
                    String.valueOf(s.rotations()), s.meanIntervalDays() == null ? null
                            : String.format(Locale.ROOT, "%.1fd", s.meanIntervalDays()),
                    row.rotationProvider() == null ? "hand" : row.rotationProvider(), ListCommand.approvedCell(approval.get(s.key())));
        }
        keys.print(out);
        out.println();
        totals("PROVIDER", report.byProvider()).print(out);
        if (!report.byProfile().isEmpty()) {
            out.println();
            totals("PROFILE", report.byProfile()).print(out);
        }
    }

    private static Table totals(String heading, List<RotationReport.Total> totals) {
        Table table = new Table(heading, "KEYS", "OVERDUE", "EXPIRED", "ROTATIONS", "BY HAND");
        for (RotationReport.Total t : totals) {
            table.row(t.name(), String.valueOf(t.keys()), String.valueOf(t.overdue()), String.valueOf(t.expired()),
                    String.valueOf(t.rotations()), String.valueOf(t.withoutRotationProvider()));
        }
        return table;
    }

    private static String days(long left) {
        return left > 0 ? "in " + left + "d" : left == 0 ? "today" : (-left) + "d ago";
    }

    private static ObjectNode toJson(RotationReport report, Map<String, TrustStatus> approval) {
        ObjectNode root = JsonOutput.object();
        root.put("today", report.today().toString());
        ArrayNode keys = root.putArray("keys");
        for (RotationReport.Row row : report.keys()) {
            KeyStatus s = row.status();
            ObjectNode node = keys.addObject();
            node.put("key", s.key());
            node.put("provider", s.provider());
            node.put("ageDays", s.ageDays());
            node.put("lastRotated", s.lastRotated() == null ? null : s.lastRotated().toString());
            node.put("nextDue", s.dueDate() == null ? null : s.dueDate().toString());
            if (s.daysLeft() == null) {
                node.putNull("daysLeft");
            } else {
                node.put("daysLeft", s.daysLeft());
            }
            node.put("expires", s.expires() == null ? null : s.expires().toString());
            node.put("overdue", s.overdue());
            node.put("rotations", s.rotations());
            if (s.meanIntervalDays() == null) {
                node.putNull("meanIntervalDays");
            } else {
                node.put("meanIntervalDays", s.meanIntervalDays());
            }
            node.put("rotationProvider", row.rotationProvider());
            node.put("approval", approval.get(s.key()).jsonName());
            ArrayNode profiles = node.putArray("profiles");
            row.profiles().forEach(profiles::add);
        }
        totalsJson(root.putArray("byProvider"), "provider", report.byProvider());
        totalsJson(root.putArray("byProfile"), "profile", report.byProfile());
        return root;
    }

    private static void totalsJson(ArrayNode array, String nameField, List<RotationReport.Total> totals) {
        for (RotationReport.Total t : totals) {
            array.addObject().put(nameField, t.name()).put("keys", t.keys()).put("overdue", t.overdue())
                    .put("expired", t.expired()).put("rotations", t.rotations())
                    .put("withoutRotationProvider", t.withoutRotationProvider());
        }
    }
}
