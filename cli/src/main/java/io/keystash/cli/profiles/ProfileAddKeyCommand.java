package io.keystash.cli.profiles;

import io.keystash.cli.Keystash;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.Names;
import io.keystash.vault.profile.DefaultBindings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code keystash profile add-key PROFILE KEY [--env VAR] [--property PROP]}. */
@Command(name = "add-key", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Bind a key into a profile.", "Without --env/--property, the key's defaults are used (set by store "
                + "--provider/--env/--property)."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash profile add-key dev openai",
            "  keystash profile add-key dev billing --env BILLING_TOKEN",
            "  keystash profile add-key dev aws-prod --property aws.secretAccessKey"})
public final class ProfileAddKeyCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", paramLabel = "PROFILE", description = "Profile name.")
    String profile;

    @Parameters(index = "1", paramLabel = "KEY", description = "Key name.")
    String key;

    @Option(names = "--env", paramLabel = "VAR", description = "Environment variable to serve it as.")
    String env;

    @Option(names = "--property", paramLabel = "PROP", description = "System property to serve it as.")
    String property;

    public ProfileAddKeyCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        Names.requireProfileName(profile);
        Names.requireKeyName(key);
        if (env != null) {
            Names.requireEnvVar(env);
        }
        if (property != null) {
            Names.requireProperty(property);
        }
        AuditEvent event = AuditEvent.of("profile.add-key").profile(profile).key(key);
        List<Binding> added = root.vaultAccess().update(event, vault -> {
            List<Binding> bindings = DefaultBindings.forKey(vault.key(key), env, property);
            for (Binding binding : bindings) {
                vault.bind(profile, binding);
            }
            return bindings;
        });
        List<String> served = new ArrayList<>();
        for (Binding binding : added) {
            served.add(describe(binding));
        }
        root.context().err().println("Profile " + Names.quote(profile) + " now serves " + Names.quote(key) + " as "
                + String.join(" and ", served) + ".");
        return 0;
    }

    static String describe(Binding binding) {
        if (binding.env() != null && binding.property() != null) {
            return binding.env() + " and property " + binding.property();
        }
        return binding.env() != null ? binding.env() : "property " + binding.property();
    }
}
