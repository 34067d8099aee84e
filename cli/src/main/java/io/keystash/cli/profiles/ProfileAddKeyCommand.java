package io.keystash.cli.profiles;

import io.keystash.cli.Keystash;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.Names;
import io.keystash.vault.profile.DefaultBindings;
import io.keystash.vault.profile.KeyChoice;
import io.keystash.vault.provider.Provider;
import io.keystash.vault.provider.Providers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code keystash profile add-key PROFILE KEY [--provider P] [--env VAR] [--property PROP]}. */
@Command(name = "add-key", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Bind a key into a profile.", "Without --env/--property, the key's defaults are used (set by store "
                + "--provider/--env/--property); with --provider P, P's default names instead. With --provider P "
                + "and no key named KEY, the vault's only key of provider P is bound (and the output says so); "
                + "with none or several, nothing is bound (status 4)."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash profile add-key dev openai",
            "  keystash profile add-key dev billing --env BILLING_TOKEN",
            "  keystash profile add-key dev aws-prod --property aws.secretAccessKey",
            "  keystash profile add-key production openai_key --provider openai"})
public final class ProfileAddKeyCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", paramLabel = "PROFILE", description = "Profile name.")
    String profile;

    @Parameters(index = "1", paramLabel = "KEY", description = "Key name.")
    String key;

    @Option(names = {"--provider", "--service"}, paramLabel = "P",
            description = "Serve it under provider P's default names (openai: OPENAI_API_KEY, ...).")
    String provider;

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
        Provider chosen = provider == null ? null : Providers.byId(provider);
        AuditEvent event = AuditEvent.of("profile.add-key").profile(profile).key(key);
        KeyChoice[] bound = new KeyChoice[1];
        List<Binding> added = root.vaultAccess().update(event, vault -> {
            KeyChoice choice = chosen != null ? KeyChoice.of(vault, key, chosen) : new KeyChoice(vault.key(key), false);
            KeyEntry entry = choice.key();
            event.key(entry.name());
            List<Binding> bindings = chosen != null && env == null && property == null
                    ? DefaultBindings.forProvider(entry, chosen)
                    : DefaultBindings.forKey(entry, env, property);
            for (Binding binding : bindings) {
                vault.bind(profile, binding);
            }
            bound[0] = choice;
            return bindings;
        });
        String boundName = bound[0].key().name();
        if (bound[0].substituted()) {
            root.context().err().println("No key named " + Names.quote(key) + "; bound " + Names.quote(boundName)
                    + ", the vault's only " + chosen.id() + " key.");
        }
        List<String> served = new ArrayList<>();
        for (Binding binding : added) {
            served.add(describe(binding));
        }
        root.context().err().println("Profile " + Names.quote(profile) + " now serves " + Names.quote(boundName) + " as "
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
