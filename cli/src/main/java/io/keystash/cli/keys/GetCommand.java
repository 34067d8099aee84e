package io.keystash.cli.keys;

import io.keystash.cli.Keystash;
import io.keystash.cli.clipboard.ClipboardCopy;
import io.keystash.vault.Secret;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;

/** {@code keystash get NAME}: prints a value, or copies it to the clipboard. */
@Command(name = "get", sortOptions = false,
        description = "Print a key's value (the current version unless --version), followed by a newline.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  keystash get openai",
            "  curl -H \"Authorization: Bearer $(keystash get openai)\" https://api.openai.com/v1/models",
            "  keystash get openai --version 2",
            "  keystash get openai --clipboard        # cleared after 45 s if still there"})
public final class GetCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", paramLabel = "NAME", description = "Key name.")
    String name;

    @Option(names = "--version", paramLabel = "N", description = "A kept earlier version.")
    Integer version;

    @Option(names = "--clipboard", description = "Copy to the clipboard instead of printing; cleared after 45 s if unchanged.")
    boolean clipboard;

    // Not mixinStandardHelpOptions: its -V/--version would clash with --version N.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--clear-after", paramLabel = "SECONDS", hidden = true, defaultValue = "45")
    int clearAfterSeconds;

    public GetCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException, IOException {
        Names.requireKeyName(name);
        ClipboardCopy copy = clipboard ? ClipboardCopy.detect(root.context()) : null; // fail before unlocking
        AuditEvent event = AuditEvent.of(clipboard ? "get --clipboard" : "get").key(name);
        LocalDate[] expires = new LocalDate[1];
        try (Secret value = root.vaultAccess().read(event, vault -> {
            KeyEntry key = vault.key(name);
            int number = version != null ? version : key.current().number();
            event.version(number);
            expires[0] = key.metadata().expires();
            return vault.value(name, number);
        })) {
            if (expires[0] != null && expires[0].isBefore(LocalDate.now(ZoneOffset.UTC))) {
                // A note, not a refusal: the value may still be needed (to rotate it at the provider, say).
                root.context().err().println("keystash: note: key " + Names.quote(name) + " expired on " + expires[0]
                        + " (rotate it: keystash rotate " + name + ")");
            }
            if (copy != null) {
                copy.copyAndClearLater(value, Duration.ofSeconds(clearAfterSeconds));
                root.context().err().println("Copied " + Names.quote(name) + " to the clipboard ("
                        + copy.describe() + "); it will be cleared in " + clearAfterSeconds + " s if unchanged.");
            } else {
                PrintStream out = root.context().out();
                value.writeTo(out);
                out.write('\n');
                out.flush();
            }
        }
        return 0;
    }
}
