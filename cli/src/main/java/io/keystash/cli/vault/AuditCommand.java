package io.keystash.cli.vault;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystash.cli.Keystash;
import io.keystash.cli.VaultAccess;
import io.keystash.cli.terminal.JsonOutput;
import io.keystash.cli.terminal.Table;
import io.keystash.cli.terminal.TerminalText;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEntry;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.audit.AuditLog;
import io.keystash.vault.audit.AuditVerification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code keystash audit [--verify] [--json]}: the audit trail, and a check of its chain. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Show the audit log (one entry per operation; names and versions, never values).", "--verify unlocks the vault and checks the keyed hash chain: exit 1 if a line was "
                + "edited, removed, inserted or reordered, or if the log ends before the last change this machine made."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash audit", "  keystash audit --json | jq '.[] | select(.op == \"get\")'", "  keystash audit --verify"})
public final class AuditCommand implements Callable<Integer> {
    /** The exit status of a check that found something. */
    static final int FOUND = 1;

    private final Keystash root;

    @Option(names = "--verify", description = "Check the chain (needs the vault's key).")
    boolean verify;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    public AuditCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        VaultAccess access = root.vaultAccess();
        AuditLog log = access.store().auditLog();
        return verify ? verify(access, log) : show(log);
    }

    private int verify(VaultAccess access, AuditLog log) throws VaultException {
        AuditVerification result = access.read(AuditEvent.of("audit.verify"), vault -> {
            byte[] auditKey = vault.auditKey();
            try {
                return log.verify(vault.auditKeys(), auditKey,
                        vault.vaultId() == null ? 0 : access.store().state().read(vault.vaultId()).lastWritten());
            } finally {
                Arrays.fill(auditKey, (byte) 0);
            }
        });
        if (json) {
            ObjectNode node = JsonOutput.object().put("file", log.file().toString()).put("lines", result.lines())
                    .put("intact", result.intact());
            if (!result.intact()) {
                node.put("firstBadLine", result.firstBadLine()).put("problem", result.problem());
            }
            JsonOutput.print(root.context().out(), node);
        } else if (result.intact()) {
            root.context().out().println("Audit log " + log.file() + " is intact (" + result.lines() + " entries).");
        } else {
            root.context().out().println("Audit log " + log.file() + ": line " + result.firstBadLine() + ": "
                    + TerminalText.escape(result.problem()));
        }
        return result.intact() ? 0 : FOUND;
    }

    private int show(AuditLog log) throws VaultException {
        List<AuditEntry> entries = log.read();
        if (json) {
            ArrayNode array = JsonOutput.array();
            for (AuditEntry e : entries) {
                ObjectNode node = array.addObject().put("seq", e.seq()).put("time", e.time().toString())
                        .put("op", e.operation()).put("key", e.key()).put("profile", e.profile());
                ArrayNode versions = node.putArray("versions");
                e.versions().forEach(versions::add);
                node.put("actor", e.actor()).put("member", e.member()).put("pid", e.pid()).put("generation", e.generation())
                        .put("outcome", e.outcome()).put("detail", e.detail());
            }
            JsonOutput.print(root.context().out(), array);
            return 0;
        }
        if (entries.isEmpty()) {
            root.context().err().println("The audit log " + log.file() + " is empty.");
            return 0;
        }
        Table table = new Table("SEQ", "TIME", "OPERATION", "KEY", "PROFILE", "VERSIONS", "MEMBER", "ACTOR", "OUTCOME");
        for (AuditEntry e : entries) {
            table.row(String.valueOf(e.seq()), e.time().toString(), e.operation(), e.key(), e.profile(),
                    e.versions().stream().map(String::valueOf).collect(Collectors.joining(",")),
                    e.member() == null ? "-" : e.member(), e.actor(), e.outcome());
        }
        table.print(root.context().out());
        return 0;
    }
}
