package io.keystash.cli.trust;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystash.cli.Keystash;
import io.keystash.cli.terminal.JsonOutput;
import io.keystash.cli.terminal.Table;
import io.keystash.cli.terminal.Terminal;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.model.Names;
import io.keystash.vault.state.StateFolder;
import io.keystash.vault.trust.KeyReview;
import io.keystash.vault.trust.SensitiveConfig;
import io.keystash.vault.trust.TrustStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code keystash trust KEY}: shows a key's commands, endpoint and settings that are not approved
 * on this machine, and approves them (asking first on a terminal); {@code --all} does so for
 * every such key, {@code --list} only lists them.
 */
@Command(name = "trust", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Approve, on this machine, a key's rotate and validate commands, endpoint and settings (such "
                + "as OPENAI_BASE_URL) that came from an import or another member.", "",
            "Until approved they are neither run (rotate --due skips the key) nor served (the agent, run and "
                + "profile load leave such settings out; the key's value is still served). What you set yourself "
                + "with store, setup or rotate is approved already. It shows exactly what it approves, and asks "
                + "on a terminal unless --yes. Approving records the configuration's fingerprint: a later change "
                + "made elsewhere needs approving again.", "",
            "Exit status: 0 approved, or nothing to approve; 4 no such key; 2-6 as for every command."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash trust --list", "  keystash trust openai", "  keystash trust --all --yes"})
public final class TrustCommand implements Callable<Integer> {
    private static final String NOTHING = "Nothing to approve: every key's commands, endpoint and settings are approved "
            + "on this machine.";

    private final Keystash root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "KEY", description = "The key to approve.")
    String key;

    @Option(names = "--all", description = "Approve every key not approved on this machine (each is shown first).")
    boolean all;

    @Option(names = "--list", description = "List the keys not approved on this machine; approve nothing.")
    boolean list;

    @Option(names = {"-y", "--yes"}, description = "Do not ask.")
    boolean yes;

    @Option(names = "--json", description = "With --list: machine-readable output.")
    boolean json;

    public TrustCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        int modes = (key != null ? 1 : 0) + (all ? 1 : 0) + (list ? 1 : 0);
        if (modes != 1) {
            throw usage("give a KEY, --all or --list (one of them)");
        }
        if (json && !list) {
            throw usage("--json applies to --list only");
        }
        if (key != null) {
            Names.requireKeyName(key);
        }
        return list ? list() : approve();
    }

    private int list() throws VaultException {
        List<KeyReview> reviews = root.vaultAccess().read(AuditEvent.of("trust --list"), KeyReview::unapproved);
        PrintStream out = root.context().out();
        if (json) {
            ArrayNode array = JsonOutput.array();
            reviews.forEach(review -> array.add(toJson(review)));
            JsonOutput.print(out, array);
            return 0;
        }
        if (reviews.isEmpty()) {
            root.context().err().println(NOTHING);
            return 0;
        }
        Table table = new Table("KEY", "NOT APPROVED ON THIS MACHINE");
        reviews.forEach(review -> table.row(review.key(), review.config().summary()));
        table.print(out);
        root.context().err().println("Review and approve each with: keystash trust KEY");
        return 0;
    }

    private int approve() throws VaultException {
        AuditEvent event = AuditEvent.of("trust").key(key);
        StateFolder state = root.vaultAccess().store().state();
        PrintStream err = root.context().err();
        return root.vaultAccess().read(event, vault -> {
            List<KeyReview> reviews;
            if (key != null) {
                KeyReview review = KeyReview.of(vault, key);
                if (review.status() != TrustStatus.UNAPPROVED) {
                    event.detail("nothing to approve");
                    err.println(review.status() == TrustStatus.NOT_NEEDED
                            ? "Nothing to approve: key " + Names.quote(key) + " has no rotate or validate command, endpoint or setting that needs approval."
                            : "Nothing to approve: key " + Names.quote(key) + " is approved on this machine as it is.");
                    return 0;
                }
                reviews = List.of(review);
            } else {
                reviews = KeyReview.unapproved(vault);
                if (reviews.isEmpty()) {
                    event.detail("nothing to approve");
                    err.println(NOTHING);
                    return 0;
                }
            }
            reviews.forEach(review -> show(review, root.context().out()));
            if (!confirmed(reviews.size())) {
                event.detail("declined");
                err.println("Nothing approved.");
                return 0;
            }
            KeyReview.approve(vault, state, reviews);
            StringBuilder detail = new StringBuilder("approved");
            reviews.forEach(review -> detail.append(' ').append(review.key()).append(' ').append(review.fingerprint()));
            event.detail(detail.toString());
            for (KeyReview review : reviews) {
                err.println("Approved " + Names.quote(review.key()) + " on this machine (fingerprint " + review.fingerprint() + ").");
            }
            return 0;
        });
    }

    /** The key's configuration as it will be approved; control characters are shown escaped. */
    private static void show(KeyReview review, PrintStream out) {
        List<SensitiveConfig.Part> parts = review.config().parts();
        int width = "fingerprint".length();
        for (SensitiveConfig.Part part : parts) {
            width = Math.max(width, part.label().length());
        }
        out.println("Key " + Names.quote(review.key()) + " (" + review.provider() + "), not approved on this machine:");
        for (SensitiveConfig.Part part : parts) {
            out.println("  " + pad(part.label(), width) + "  " + part.value());
        }
        out.println("  " + pad("fingerprint", width) + "  " + review.fingerprint());
        out.flush();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }

    private boolean confirmed(int keys) {
        Terminal terminal = root.context().terminal();
        if (yes || !terminal.stdinIsTerminal() || !terminal.canPrompt()) {
            return true;
        }
        String answer = terminal.readLine("Approve " + (keys == 1 ? "this" : "these " + keys + " keys") + " on this machine? "
                + "Keystash will then run these commands and serve these settings. [y/N] ");
        return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
    }

    private static ObjectNode toJson(KeyReview review) {
        SensitiveConfig config = review.config();
        ObjectNode node = JsonOutput.object();
        node.put("key", review.key());
        node.put("provider", review.provider());
        node.put("fingerprint", review.fingerprint());
        node.put("rotateCommand", config.rotateCommand());
        node.put("validateCommand", config.validateCommand());
        node.put("endpoint", config.endpoint());
        ObjectNode settings = node.putObject("settings");
        config.settings().forEach(settings::put);
        return node;
    }

    private static VaultException usage(String message) {
        return new VaultException(Failure.INVALID_INPUT, message + " (see: keystash trust --help)");
    }
}
