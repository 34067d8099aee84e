package io.keystash.cli.keys;

import io.keystash.cli.Keystash;
import io.keystash.cli.VaultAccess;
import io.keystash.cli.terminal.Terminal;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.model.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code keystash delete NAME}: removes a key, all its versions and its bindings. */
@Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Delete a key with all its versions, and remove it from every profile.", "On a terminal it asks first, unless --yes."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash delete old-openai", "  keystash delete old-openai --yes"})
public final class DeleteCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", paramLabel = "NAME", description = "Key name.")
    String name;

    @Option(names = {"-y", "--yes"}, description = "Do not ask.")
    boolean yes;

    public DeleteCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        Names.requireKeyName(name);
        Terminal terminal = root.context().terminal();
        VaultAccess access = root.vaultAccess();
        AuditEvent event = AuditEvent.of("delete").key(name);
        List<String> profiles;
        if (!yes && terminal.stdinIsTerminal() && terminal.canPrompt()) {
            // Unlock and find the key before asking, so a "yes" is never followed by "no such key".
            try (Credential credential = access.provenCredential(vault -> vault.key(name))) {
                String answer = terminal.readLine("Delete key " + Names.quote(name) + " and all its versions? [y/N] ");
                if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
                    root.context().err().println("Nothing deleted.");
                    return 0;
                }
                profiles = access.store().update(credential, event, vault -> vault.deleteKey(name));
            }
        } else {
            profiles = access.update(event, vault -> vault.deleteKey(name));
        }
        root.context().err().println("Deleted " + Names.quote(name)
                + (profiles.isEmpty() ? "." : "; removed from profiles: " + String.join(", ", profiles) + "."));
        return 0;
    }
}
