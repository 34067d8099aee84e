package io.keystash.cli.profiles;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystash.cli.Keystash;
import io.keystash.cli.terminal.JsonOutput;
import io.keystash.cli.terminal.Table;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.Names;
import io.keystash.vault.model.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code keystash profile show NAME}: its bindings, never values. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show a profile's description and bindings: key, environment variable, system property.",
        footerHeading = "%nExamples:%n", footer = {"  keystash profile show dev", "  keystash profile show dev --json"})
public final class ProfileShowCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", paramLabel = "NAME", description = "Profile name.")
    String name;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    public ProfileShowCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        Names.requireProfileName(name);
        Profile profile = root.vaultAccess().read(AuditEvent.of("profile.show").profile(name), vault -> vault.profile(name));
        if (json) {
            ObjectNode node = JsonOutput.object().put("name", profile.name()).put("description", profile.description());
            ArrayNode bindings = node.putArray("bindings");
            for (Binding binding : profile.bindings()) {
                bindings.addObject().put("key", binding.key()).put("env", binding.env()).put("property", binding.property());
            }
            JsonOutput.print(root.context().out(), node);
            return 0;
        }
        if (profile.description() != null) {
            root.context().out().println("Description: " + profile.description());
        }
        if (profile.bindings().isEmpty()) {
            root.context().err().println("Profile " + Names.quote(name) + " binds no keys yet (add one with: keystash profile add-key "
                    + name + " KEY).");
            return 0;
        }
        Table table = new Table("KEY", "ENV", "PROPERTY");
        for (Binding binding : profile.bindings()) {
            table.row(binding.key(), binding.env(), binding.property());
        }
        table.print(root.context().out());
        return 0;
    }
}
