package io.keystash.cli.setup;

import io.keystash.cli.Keystash;
import io.keystash.cli.VaultAccess;
import io.keystash.cli.keys.ProviderFormat;
import io.keystash.cli.launch.AgentLine;
import io.keystash.cli.launch.Installation;
import io.keystash.cli.shell.ShellQuoting;
import io.keystash.cli.terminal.SecretInput;
import io.keystash.cli.terminal.Terminal;
import io.keystash.cli.vault.NewVault;
import io.keystash.vault.Failure;
import io.keystash.vault.Secret;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.audit.Actor;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.Names;
import io.keystash.vault.provider.CredentialHalf;
import io.keystash.vault.provider.Provider;
import io.keystash.vault.provider.Providers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * {@code keystash setup PROVIDER}: asks for the key (or reads it from standard input), checks its
 * format, stores it with the provider's defaults, creates the profile if needed, binds the key,
 * and prints the {@code -javaagent} line.
 */
@Command(name = "setup", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Store a provider's key with its defaults, bind it into a profile (created if "
                + "missing) and print the -javaagent line. Guided on a terminal; scriptable with "
                + "flags and standard input. Providers: openai, anthropic, google, aws, azure, "
                + "huggingface, custom.", "aws asks for both halves: the access key ID (stored as key NAME-key-id, "
                + "served as AWS_ACCESS_KEY_ID and aws.accessKeyId) and the secret access key (key NAME, served as "
                + "AWS_SECRET_ACCESS_KEY and aws.secretAccessKey); from standard input, one per line, the ID first. "
                + "Without a vault, setup creates one as the first store does."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash setup openai                              # asks for the key, profile 'default'",
            "  keystash setup anthropic --profile prod",
            "  printf %%s \"$KEY\" | keystash setup openai --profile ci --name openai-ci",
            "  keystash setup custom --name billing --env BILLING_TOKEN < token.txt",
            "  printf '%%s\\n%%s\\n' \"$ID\" \"$SECRET\" | keystash setup aws   # access key ID, then secret access key"})
public final class SetupCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", paramLabel = "PROVIDER", description = "openai, anthropic, google, aws, azure, huggingface or custom.")
    String provider;

    @Option(names = "--profile", paramLabel = "P", description = "Profile to bind into (default: KEYSTASH_PROFILE, else default).")
    String profile;

    @Option(names = "--name", paramLabel = "NAME", description = "Key name (default: the provider's id).")
    String name;

    @Option(names = "--env", paramLabel = "VAR", description = "Variable to serve it as (default: the provider's).")
    String env;

    @Option(names = "--property", paramLabel = "PROP", description = "System property to serve it as (default: the provider's).")
    String property;

    @Option(names = "--setting", paramLabel = "K=V", description = "Provider setting, e.g. OPENAI_BASE_URL=https://example.test/v1.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--force", description = "Replace an existing key of that name (as a new version).")
    boolean force;

    public SetupCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        Provider chosen = Providers.byId(provider);
        String keyName = Names.requireKeyName(name != null ? name : chosen.id());
        String profileName = Names.requireProfileName(profile != null ? profile : root.defaultProfile());
        KeyMetadata metadata = chosen.newKeyMetadata(env, property).settings(settings).build();
        if (metadata.env() == null && metadata.property() == null) {
            throw new VaultException(Failure.INVALID_INPUT,
                    "a custom key needs --env VAR or --property PROP (and --name NAME)");
        }
        Binding binding = new Binding(keyName, metadata.env(), metadata.property());
        // The credential's other half (aws: the access key ID) is a key of its own, unless given as a setting.
        CredentialHalf half = chosen.companion() != null && !settings.containsKey(chosen.companion().env())
                ? chosen.companion() : null;
        String halfName = half == null ? null : Names.requireKeyName(keyName + half.keyNameSuffix());
        KeyMetadata halfMetadata = half == null ? null : chosen.newKeyMetadata(half.env(), null).build();
        Binding halfBinding = half == null ? null : new Binding(halfName, halfMetadata.env(), halfMetadata.property());
        if (halfBinding != null && (Objects.equals(binding.env(), halfBinding.env())
                || binding.property() != null && binding.property().equals(halfBinding.property()))) {
            throw new VaultException(Failure.INVALID_INPUT, "the " + half.label() + " is served as " + describe(halfBinding)
                    + "; give the secret other names, or the " + half.label() + " as --setting " + half.env() + "=VALUE");
        }

        Terminal terminal = root.context().terminal();
        boolean guided = terminal.stdinIsTerminal() && terminal.canPrompt();
        if (guided) {
            terminal.say("Setting up " + chosen.displayName() + ": key " + Names.quote(keyName) + " served as "
                    + describe(binding) + (half == null ? "" : ", and key " + Names.quote(halfName) + " served as "
                    + describe(halfBinding)) + ", in profile " + Names.quote(profileName) + ".");
        }
        VaultAccess access = root.vaultAccess();
        SecretInput input = new SecretInput(root.context().in(), terminal);
        try (NewVault creating = access.store().exists() ? null : NewVault.fromSourceAtHand(root);
             SecretInput.Pair values = read(input, chosen, half)) {
            Secret halfValue = values.first();
            Secret value = values.second();
            if (half != null && !half.looksValid(halfValue)
                    && !acceptUnusual(guided, terminal, chosen.displayName() + " " + half.label(), half.formatHint())) {
                return 0;
            }
            if (!chosen.looksValid(value) && !acceptUnusual(guided, terminal, chosen.displayName() + " key", chosen.formatHint())) {
                return 0;
            }
            AuditEvent event = AuditEvent.of("setup").key(keyName).profile(profileName)
                    .detail("provider " + chosen.id() + (half == null ? "" : ", with key " + halfName));
            VaultStore.Change<KeyEntry> change = vault -> {
                if (half != null) {
                    storeAndBind(vault, halfName, halfMetadata, halfValue, profileName, halfBinding);
                }
                KeyEntry entry = storeAndBind(vault, keyName, metadata, value, profileName, binding);
                event.version(entry.current().number());
                return entry;
            };
            if (creating != null) {
                creating.createThenUpdate(event, change);
            } else {
                access.update(event, change);
            }
        }
        root.context().err().println("Stored " + Names.quote(keyName) + " and bound it into profile " + Names.quote(profileName)
                + " as " + describe(binding) + (half == null ? "" : "; stored " + Names.quote(halfName)
                + " and bound it as " + describe(halfBinding)) + ".");
        printAgentLine(profileName);
        return 0;
    }

    /** The other half's value when there is one (else null), then the key's. */
    private static SecretInput.Pair read(SecretInput input, Provider chosen, CredentialHalf half) throws VaultException {
        if (half == null) {
            return new SecretInput.Pair(null, input.value("Paste your " + chosen.displayName() + " key (input hidden): "));
        }
        return input.twoValues("Paste your " + chosen.displayName() + " " + half.label() + " (" + half.env() + ", input hidden): ",
                "Paste your " + chosen.displayName() + " secret (" + chosen.primaryEnvVar() + ", input hidden): ",
                "the " + half.label() + " (" + half.env() + "), then the secret (" + chosen.primaryEnvVar() + ")");
    }

    /** Stores (or with --force replaces) a key, creates the profile if needed, and (re)binds the key. */
    private KeyEntry storeAndBind(Vault vault, String keyName, KeyMetadata metadata, Secret value, String profileName,
                                 Binding binding) throws VaultException {
        KeyEntry entry = force
                ? vault.replaceKey(keyName, metadata, value.copy(), Actor.current().userAtHost())
                : vault.storeKey(keyName, metadata, value.copy(), Actor.current().userAtHost());
        if (vault.findProfile(profileName).isEmpty()) {
            vault.createProfile(profileName);
        }
        boolean alreadyBound = vault.profile(profileName).bindings().stream().anyMatch(b -> b.key().equals(keyName));
        if (alreadyBound) {
            vault.unbind(profileName, keyName); // a re-run with --force rebinds as asked now
        }
        vault.bind(profileName, binding);
        return entry;
    }

    /**
     * Whether to go on with a value that does not look like {@code what}: asked on a terminal
     * ("Nothing stored." when declined); a warning line otherwise.
     */
    private boolean acceptUnusual(boolean guided, Terminal terminal, String what, String hint) {
        if (!guided) {
            root.context().err().println(ProviderFormat.warning(what, hint));
            return true;
        }
        if (confirm(terminal, ProviderFormat.question(what, hint))) {
            return true;
        }
        root.context().err().println("Nothing stored.");
        return false;
    }

    private void printAgentLine(String profileName) {
        try {
            Path agent = Installation.current().agentJar();
            root.context().err().println("Start Java programs with:");
            root.context().out().println(ShellQuoting.quoteIfNeeded(AgentLine.of(root, agent, profileName)));
        } catch (VaultException e) {
            root.context().err().println("keystash: note: " + e.getMessage() + "; then run: keystash agent-line --profile " + profileName);
        }
    }

    private static boolean confirm(Terminal terminal, String question) {
        String answer = terminal.readLine(question);
        return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
    }

    private static String describe(Binding binding) {
        if (binding.env() != null && binding.property() != null) {
            return binding.env() + " and property " + binding.property();
        }
        return binding.env() != null ? binding.env() : "property " + binding.property();
    }
}
