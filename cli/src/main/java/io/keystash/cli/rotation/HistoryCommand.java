package io.keystash.cli.rotation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystash.cli.Keystash;
import io.keystash.cli.VaultAccess;
import io.keystash.cli.terminal.JsonOutput;
import io.keystash.cli.terminal.Table;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.Names;
import io.keystash.vault.rotation.RotationHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code keystash history [NAME] [--json]}: every store, rotation and rollback, failed ones too. */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the rotation history: every store, rotation and rollback, failed ones too.", "",
            "Each with time, actor, versions (from -> to), outcome and detail. Never values. "
                + "Kept versions come from the vault; pruned ones and failures from the audit log."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  keystash history",
            "  keystash history openai",
            "  keystash history --json | jq '.[] | select(.outcome != \"ok\")'"})
public final class HistoryCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Only this key.")
    String name;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    public HistoryCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        if (name != null) {
            Names.requireKeyName(name);
        }
        VaultAccess access = root.vaultAccess();
        List<KeyEntry> keys = access.read(AuditEvent.of("history").key(name),
                vault -> name == null ? vault.keys() : List.of(vault.key(name)));
        List<RotationHistory.Event> events = RotationHistory.of(keys, access.store().auditLog());
        if (json) {
            ArrayNode array = JsonOutput.array();
            events.forEach(e -> array.add(toJson(e)));
            JsonOutput.print(root.context().out(), array);
            return 0;
        }
        if (events.isEmpty()) {
            root.context().err().println("No keys yet (add one with: keystash store NAME).");
            return 0;
        }
        Table table = new Table("TIME", "KEY", "ACTION", "VERSIONS", "ACTOR", "OUTCOME", "DETAIL");
        for (RotationHistory.Event e : events) {
            table.row(e.time().toString(), e.key(), e.action(), versions(e), e.actor(), e.outcome(), e.detail());
        }
        table.print(root.context().out());
        return 0;
    }

    private static String versions(RotationHistory.Event e) {
        String from = e.fromVersion() == 0 ? "" : e.fromVersion() + " -> ";
        return e.toVersion() == 0 ? from + "(none)" : from + e.toVersion();
    }

    private static ObjectNode toJson(RotationHistory.Event e) {
        ObjectNode node = JsonOutput.object();
        node.put("time", e.time().toString());
        node.put("key", e.key());
        node.put("action", e.action());
        if (e.fromVersion() == 0) {
            node.putNull("fromVersion");
        } else {
            node.put("fromVersion", e.fromVersion());
        }
        if (e.toVersion() == 0) {
            node.putNull("toVersion");
        } else {
            node.put("toVersion", e.toVersion());
        }
        node.put("actor", e.actor());
        node.put("outcome", e.outcome());
        node.put("detail", e.detail());
        return node;
    }
}
