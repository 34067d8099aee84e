package io.keystash.cli.keys;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystash.cli.Keystash;
import io.keystash.cli.terminal.JsonOutput;
import io.keystash.cli.terminal.Table;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.provider.Providers;
import io.keystash.vault.trust.Approvals;
import io.keystash.vault.trust.TrustStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code keystash list}: names and metadata, never values. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List keys with provider, variable, tags, expiry, versions and last rotation. Never values.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  keystash list",
            "  keystash list --provider openai --tag prod",
            "  keystash list --json | jq -r '.[] | select(.daysLeft != null and .daysLeft < 30) | .name'"})
public final class ListCommand implements Callable<Integer> {
    private final Keystash root;

    @Option(names = {"--provider", "--service"}, paramLabel = "P", description = "Only keys of this provider.")
    String provider;

    @Option(names = "--tag", paramLabel = "T", description = "Only keys with this tag.")
    String tag;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    public ListCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        if (provider != null) {
            Providers.byId(provider); // an unknown provider is a usage error, not an empty list
        }
        Listing listing = root.vaultAccess().read(AuditEvent.of("list"), vault -> new Listing(vault.keys(), vault.approvals()));
        Approvals approvals = listing.approvals();
        List<KeyEntry> keys = listing.keys().stream()
                .filter(k -> provider == null || k.metadata().provider().equalsIgnoreCase(provider))
                .filter(k -> tag == null || k.metadata().tags().contains(tag))
                .toList();
        LocalDate today = LocalDate.now(ZoneOffset.UTC); // UTC days, as rotation and check-expiry count them
        if (json) {
            ArrayNode array = JsonOutput.array();
            keys.forEach(k -> array.add(toJson(k, today).put("approval", approvals.status(k.name(), k.metadata()).jsonName())));
            JsonOutput.print(root.context().out(), array);
            return 0;
        }
        if (keys.isEmpty()) {
            root.context().err().println(provider == null && tag == null ? "No keys yet (add one with: keystash store NAME)." : "No matching keys.");
            return 0;
        }
        Table table = new Table("NAME", "PROVIDER", "ENV", "TAGS", "EXPIRES", "VERSION", "LAST ROTATED", "APPROVED");
        boolean unapproved = false;
        for (KeyEntry key : keys) {
            KeyMetadata m = key.metadata();
            TrustStatus status = approvals.status(key.name(), m);
            unapproved |= status == TrustStatus.UNAPPROVED;
            table.row(key.name(), m.provider(), m.env(), String.join(",", m.tags()), expiry(m.expires(), today),
                    "v" + key.current().number() + " (" + key.versions().size() + " kept)",
                    key.lastChanged().atZone(ZoneOffset.UTC).toLocalDate().toString(), approvedCell(status));
        }
        table.print(root.context().out());
        if (unapproved) {
            root.context().err().println(UNAPPROVED_NOTE);
        }
        return 0;
    }

    /** What the text of list and report says under APPROVED: yes, no, or - when there is nothing to approve. */
    public static String approvedCell(TrustStatus status) {
        return status == TrustStatus.NOT_NEEDED ? null : status == TrustStatus.APPROVED ? "yes" : "no";
    }

    /** The note list and report print under a table with an unapproved key. */
    public static final String UNAPPROVED_NOTE = "keystash: note: APPROVED no: the key's commands, endpoint or settings "
            + "came from an import or another member and are neither run nor served on this machine; review and approve "
            + "with: keystash trust KEY";

    private record Listing(List<KeyEntry> keys, Approvals approvals) {
    }

    /** {@code 2027-01-31 (in 69d)}, {@code 2026-11-01 (expired 22d ago)}, {@code 2026-11-23 (today)}. */
    static String expiry(LocalDate expires, LocalDate today) {
        if (expires == null) {
            return null;
        }
        long days = ChronoUnit.DAYS.between(today, expires);
        String when = days > 0 ? "in " + days + "d" : days == 0 ? "today" : "expired " + (-days) + "d ago";
        return expires + " (" + when + ")";
    }

    private static ObjectNode toJson(KeyEntry key, LocalDate today) {
        KeyMetadata m = key.metadata();
        ObjectNode node = JsonOutput.object();
        node.put("name", key.name());
        node.put("provider", m.provider());
        node.put("env", m.env());
        node.put("property", m.property());
        ArrayNode tags = node.putArray("tags");
        m.tags().forEach(tags::add);
        node.put("description", m.description());
        node.put("endpoint", m.endpoint());
        node.put("rateLimit", m.rateLimit() == null ? null : m.rateLimit().toString());
        ObjectNode settings = node.putObject("settings");
        m.settings().forEach(settings::put);
        node.put("expires", m.expires() == null ? null : m.expires().toString());
        if (m.expires() == null) {
            node.putNull("daysLeft");
        } else {
            node.put("daysLeft", ChronoUnit.DAYS.between(today, m.expires()));
        }
        if (m.rotateEveryDays() == null) {
            node.putNull("rotateEveryDays");
        } else {
            node.put("rotateEveryDays", m.rotateEveryDays());
        }
        node.put("keep", m.keep());
        node.put("currentVersion", key.current().number());
        ArrayNode versions = node.putArray("versions");
        key.versions().forEach(v -> versions.addObject()
                .put("number", v.number())
                .put("created", v.created().toString())
                .put("createdBy", v.createdBy())
                .put("origin", v.origin()));
        node.put("created", key.created().toString());
        node.put("lastRotated", key.lastChanged().toString());
        return node;
    }
}
