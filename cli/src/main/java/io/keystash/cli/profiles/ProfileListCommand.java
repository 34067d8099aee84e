package io.keystash.cli.profiles;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.keystash.cli.Keystash;
import io.keystash.cli.terminal.JsonOutput;
import io.keystash.cli.terminal.Table;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code keystash profile list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List profiles, the keys they bind and their descriptions.",
        footerHeading = "%nExamples:%n", footer = {"  keystash profile list", "  keystash profile list --json"})
public final class ProfileListCommand implements Callable<Integer> {
    private final Keystash root;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    public ProfileListCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        List<Profile> profiles = root.vaultAccess().read(AuditEvent.of("profile.list"), vault -> {
            List<Profile> all = new ArrayList<>();
            for (String name : vault.profileNames()) {
                all.add(vault.profile(name));
            }
            return all;
        });
        if (json) {
            ArrayNode array = JsonOutput.array();
            for (Profile profile : profiles) {
                ArrayNode keys = array.addObject().put("name", profile.name()).put("description", profile.description())
                        .putArray("keys");
                profile.bindings().stream().map(Binding::key).distinct().forEach(keys::add);
            }
            JsonOutput.print(root.context().out(), array);
            return 0;
        }
        if (profiles.isEmpty()) {
            root.context().err().println("No profiles yet (make one with: keystash profile create NAME).");
            return 0;
        }
        Table table = new Table("PROFILE", "KEYS", "DESCRIPTION");
        for (Profile profile : profiles) {
            table.row(profile.name(), String.join(", ", profile.bindings().stream().map(Binding::key).distinct().toList()),
                    profile.description());
        }
        table.print(root.context().out());
        return 0;
    }
}
