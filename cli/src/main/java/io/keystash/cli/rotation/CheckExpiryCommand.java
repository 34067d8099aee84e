package io.keystash.cli.rotation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.keystash.cli.Keystash;
import io.keystash.cli.terminal.JsonOutput;
import io.keystash.cli.terminal.Table;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.model.DayPeriods;
import io.keystash.vault.rotation.ExpiryCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code keystash check-expiry [--within 30d] [--json]}: expired and expiring keys; exit 1 if any. */
@Command(name = "check-expiry", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List expired and expiring keys; exit 1 if any.", "",
            "Keys whose expiry date has passed or falls within --within (default 30d), soonest first. Exit status: 0 none, 1 at least one (so it can alert from cron or CI)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  keystash check-expiry",
            "  keystash check-expiry --within 7d --json",
            "  keystash check-expiry --within 14d || notify-send 'API keys expire soon'"})
public final class CheckExpiryCommand implements Callable<Integer> {
    /** Exit status 1: a check that found something. */
    static final int FOUND = 1;

    private final Keystash root;

    @Option(names = "--within", paramLabel = "PERIOD", defaultValue = "30d",
            description = "Also keys expiring within this period (default: ${DEFAULT-VALUE}; 0d: expired or expiring today).")
    String within;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    public CheckExpiryCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        int days = DayPeriods.parseDays(within);
        List<ExpiryCheck.Finding> findings = ExpiryCheck.find(
                root.vaultAccess().read(AuditEvent.of("check-expiry"), vault -> vault.keys()), RotatorSetup.today(), days);
        if (json) {
            ArrayNode array = JsonOutput.array();
            findings.forEach(f -> array.addObject().put("key", f.key()).put("expires", f.expires().toString())
                    .put("daysLeft", f.daysLeft()).put("expired", f.expired()));
            JsonOutput.print(root.context().out(), array);
        } else if (findings.isEmpty()) {
            root.context().out().println("No key has expired or expires within " + days + " days.");
        } else {
            Table table = new Table("KEY", "EXPIRES", "STATE");
            for (ExpiryCheck.Finding f : findings) {
                table.row(f.key(), f.expires().toString(), f.expired() ? "expired " + (-f.daysLeft()) + "d ago"
                        : f.daysLeft() == 0 ? "expires today" : "expires in " + f.daysLeft() + "d");
            }
            table.print(root.context().out());
        }
        return findings.isEmpty() ? 0 : FOUND;
    }
}
