package io.keystash.cli.setup;

import io.keystash.cli.Keystash;
import io.keystash.cli.VaultAccess;
import io.keystash.cli.keys.NewKeyName;
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
import io.keystash.vault.crypto.KdfParams;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.Names;
import io.keystash.vault.provider.CredentialHalf;
import io.keystash.vault.provider.Provider;
import io.keystash.vault.provider.Providers;
import io.keystash.vault.unlock.Credential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * {@code keystash setup PROVIDER}: asks for the key (or reads it from standard input), checks its
 * format, stores it with the provider's defaults, creates the profile if needed, binds the key,
 * and prints the {@code -javaagent} line. One command from nothing: without a vault it makes one
 * first (a new passphrase, or a new key file with {@code --key-file FILE}); without a provider it
 * offers them as a menu on a terminal.
 *
 * <p>Everything that can be checked is checked before a key is asked for: the names, the variables,
 * and on an existing vault, the unlock and the whole change itself (run on the unlocked vault
 * in memory, with placeholder values, and thrown away), so a pasted key is never refused after.
 */
@Command(name = "setup", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Store a provider's key with its defaults, bind it into a profile (created if "
                + "missing) and print the -javaagent line. Guided on a terminal; scriptable with "
                + "flags and standard input. Providers: openai, anthropic, google, aws, azure, "
                + "huggingface, custom.", "aws asks for both halves: the access key ID (stored as key NAME-key-id, "
                + "served as AWS_ACCESS_KEY_ID and aws.accessKeyId) and the secret access key (key NAME, served as "
                + "AWS_SECRET_ACCESS_KEY and aws.secretAccessKey); from standard input, one per line, the ID first. "
                + "Without a vault, setup creates one first: a new passphrase asked twice on a terminal (or the "
                + "passphrase at hand: --passphrase-file, API_KEY_MASTER_FILE, API_KEY_MASTER), or, with --key-file FILE "
                + "naming a file that does not exist yet, a new random key written to FILE for a machine that starts "
                + "programs unattended. Without PROVIDER, a terminal offers the providers as a menu."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash setup openai                              # asks for the key, profile 'default'",
            "  keystash setup                                     # choose the provider from a menu",
            "  keystash --key-file ~/.keystash/ci.key setup openai < key.txt   # a new vault opened by a new key file",
            "  keystash setup anthropic --profile prod",
            "  printf %%s \"$KEY\" | keystash setup openai --profile ci --name openai-ci",
            "  keystash setup custom --name billing --env BILLING_TOKEN < token.txt",
            "  printf '%%s\\n%%s\\n' \"$ID\" \"$SECRET\" | keystash setup aws   # access key ID, then secret access key"})
public final class SetupCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROVIDER",
            description = "openai, anthropic, google, aws, azure, huggingface or custom (on a terminal: asked when left out).")
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
        Terminal terminal = root.context().terminal();
        boolean guided = terminal.stdinIsTerminal() && terminal.canPrompt();
        Provider chosen = provider != null ? Providers.byId(provider) : ProviderMenu.choose(terminal, guided);
        if (provider == null && chosen.id().equals(Providers.CUSTOM) && env == null && property == null) {
            name = name != null ? name : ProviderMenu.ask(terminal, "Key name (letters, digits, '.', '_', '-'): ");
            env = ProviderMenu.ask(terminal, "Environment variable programs read it from: ");
        }
        Plan plan = plan(chosen);
        if (guided) {
            terminal.say("Setting up " + chosen.displayName() + ": key " + Names.quote(plan.keyName) + " served as "
                    + describe(plan.binding) + (plan.half == null ? "" : ", and key " + Names.quote(plan.halfName) + " served as "
                    + describe(plan.halfBinding)) + ", in profile " + Names.quote(plan.profileName) + ".");
        }
        VaultAccess access = root.vaultAccess();
        SecretInput input = new SecretInput(root.context().in(), terminal);
        AuditEvent event = AuditEvent.of("setup").key(plan.keyName).profile(plan.profileName)
                .detail("provider " + chosen.id() + (plan.half == null ? "" : ", with key " + plan.halfName));
        if (!access.store().exists()) {
            try (NewVault creating = newVault(); SecretInput.Pair values = read(input, chosen, plan.half)) {
                if (!acceptable(values, chosen, plan.half, guided, terminal)) {
                    return 0;
                }
                creating.createThenUpdate(event, plan.change(values, event));
            }
        } else if (terminal.stdinIsTerminal()) {
            // The key is about to be typed: unlock and try the whole change first, so it is never pasted for nothing.
            try (Credential credential = access.provenCredential(vault -> dryRun(plan, vault));
                 SecretInput.Pair values = read(input, chosen, plan.half)) {
                if (!acceptable(values, chosen, plan.half, guided, terminal)) {
                    return 0;
                }
                access.store().update(credential, event, plan.change(values, event));
            }
        } else {
            try (SecretInput.Pair values = read(input, chosen, plan.half)) {
                if (!acceptable(values, chosen, plan.half, guided, terminal)) {
                    return 0;
                }
                access.update(event, plan.change(values, event));
            }
        }
        root.context().err().println("Stored " + Names.quote(plan.keyName) + " and bound it into profile "
                + Names.quote(plan.profileName) + " as " + describe(plan.binding) + (plan.half == null ? "" : "; stored "
                + Names.quote(plan.halfName) + " and bound it as " + describe(plan.halfBinding)) + ".");
        printAgentLine(plan.profileName);
        return 0;
    }

    /**
     * What setup will store and bind, worked out and checked before anything is asked or unlocked.
     * The credential's other half (aws: the access key ID) is a key of its own, unless given as a setting.
     */
    private Plan plan(Provider chosen) throws VaultException {
        String keyName = Names.requireKeyName(name != null ? name : chosen.id());
        String profileName = Names.requireProfileName(profile != null ? profile : root.defaultProfile());
        KeyMetadata metadata = chosen.newKeyMetadata(env, property).settings(settings).build();
        if (metadata.env() == null && metadata.property() == null) {
            throw new VaultException(Failure.INVALID_INPUT,
                    "a custom key needs a variable or property to be served as; e.g.: keystash setup custom --name billing --env BILLING_TOKEN");
        }
        Binding binding = new Binding(keyName, metadata.env(), metadata.property());
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
        String again = "keystash setup " + chosen.id() + (name != null ? " --name " + keyName : "")
                + (profile != null ? " --profile " + profileName : "") + " --force";
        return new Plan(keyName, profileName, metadata, binding, half, halfName, halfMetadata, halfBinding, again, force);
    }

    /**
     * The vault about to be made: with {@code --key-file FILE} naming a file that does not exist, a
     * new random key written there (the machine's way in, as {@code init --key-file}); otherwise
     * the unlock source at hand, or a new passphrase asked twice on the terminal.
     */
    private NewVault newVault() throws VaultException {
        Path keyFile = root.keyFileOption();
        if (keyFile != null && !Files.exists(keyFile)) {
            return NewVault.forInit(root, KdfParams.defaultParams());
        }
        return NewVault.fromSourceAtHand(root);
    }

    /** The change on an unlocked vault in memory (never written), with one byte for each value. */
    private static KeyEntry dryRun(Plan plan, Vault vault) throws VaultException {
        try (SecretInput.Pair placeholders = new SecretInput.Pair(plan.half == null ? null : Secret.ofUtf8(new byte[] {'x'}),
                Secret.ofUtf8(new byte[] {'x'}))) {
            return plan.change(placeholders, null).apply(vault);
        }
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

    /** Whether to go on with the values: each that does not look like its kind is confirmed (terminal) or warned about. */
    private boolean acceptable(SecretInput.Pair values, Provider chosen, CredentialHalf half, boolean guided, Terminal terminal) {
        if (half != null && !half.looksValid(values.first())
                && !acceptUnusual(guided, terminal, chosen.displayName() + " " + half.label(), half.formatHint())) {
            return false;
        }
        return chosen.looksValid(values.second())
                || acceptUnusual(guided, terminal, chosen.displayName() + " key", chosen.formatHint());
    }

    /**
     * What setup stores and binds. {@link #change} is run twice on an existing vault a person is
     * about to type into: once on the unlocked vault in memory with placeholder values (never
     * written), then for real.
     */
    private record Plan(String keyName, String profileName, KeyMetadata metadata, Binding binding, CredentialHalf half,
                        String halfName, KeyMetadata halfMetadata, Binding halfBinding, String again, boolean force) {
        VaultStore.Change<KeyEntry> change(SecretInput.Pair values, AuditEvent event) {
            return vault -> {
                if (half != null) {
                    storeAndBind(vault, halfName, halfMetadata, values.first(), halfBinding);
                }
                KeyEntry entry = storeAndBind(vault, keyName, metadata, values.second(), binding);
                if (event != null) {
                    event.version(entry.current().number());
                }
                return entry;
            };
        }

        /** Stores (or with --force replaces) a key, creates the profile if needed, and (re)binds the key. */
        private KeyEntry storeAndBind(Vault vault, String key, KeyMetadata keyMetadata, Secret value, Binding keyBinding)
                throws VaultException {
            if (!force) {
                NewKeyName.require(vault, key, again);
            }
            KeyEntry entry = force
                    ? vault.replaceKey(key, keyMetadata, value.copy(), Actor.current().userAtHost())
                    : vault.storeKey(key, keyMetadata, value.copy(), Actor.current().userAtHost());
            if (vault.findProfile(profileName).isEmpty()) {
                vault.createProfile(profileName);
            }
            boolean alreadyBound = vault.profile(profileName).bindings().stream().anyMatch(b -> b.key().equals(key));
            if (alreadyBound) {
                vault.unbind(profileName, key); // a re-run with --force rebinds as asked now
            }
            vault.bind(profileName, keyBinding);
            return entry;
        }
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
