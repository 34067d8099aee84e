package io.keystash.cli.keys;

import io.keystash.cli.Keystash;
import io.keystash.cli.VaultAccess;
import io.keystash.cli.vault.NewVault;
import io.keystash.cli.terminal.SecretInput;
import io.keystash.vault.Secret;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.audit.Actor;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.model.DayPeriods;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.Names;
import io.keystash.vault.model.RateLimit;
import io.keystash.vault.provider.Provider;
import io.keystash.vault.provider.Providers;
import io.keystash.vault.unlock.Credential;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code keystash store NAME …}: adds a key (or replaces it with {@code --force}). */
@Command(name = "store", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Add a key.", "The value comes from standard input, or a hidden prompt on a terminal. With "
                + "--provider, the key gets that provider's variable names (e.g. OPENAI_API_KEY) as "
                + "defaults; --env VAR replaces the variable and brings the provider's property for VAR, if "
                + "it has one (aws: AWS_ACCESS_KEY_ID -> aws.accessKeyId).", "Without a vault, the first store "
                + "creates one with the unlock source at hand (--key-file to an existing key file, "
                + "--passphrase-file, API_KEY_MASTER_FILE, API_KEY_MASTER), or asks for a new passphrase "
                + "twice on a terminal, and says so."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  printf %%s \"$KEY\" | keystash store openai --provider openai --tag prod --expires-in 90d",
            "  keystash store aws-key-id --provider aws --env AWS_ACCESS_KEY_ID     # served as aws.accessKeyId too",
            "  keystash store billing-api --env BILLING_TOKEN --property billing.token   # asks for the value",
            "  keystash store openai --provider openai --force < new-key.txt             # new version, history kept"})
public final class StoreCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", paramLabel = "NAME", description = "Key name: letters, digits, '.', '_', '-'.")
    String name;

    @Option(names = {"--provider", "--service"}, paramLabel = "P",
            description = "openai, anthropic, google, aws, azure, huggingface or custom (default).")
    String provider;

    @Option(names = "--env", paramLabel = "VAR",
            description = "Environment variable to serve it as (default: the provider's); the property then follows VAR.")
    String env;

    @Option(names = "--property", paramLabel = "PROP", description = "System property to serve it as (default: the provider's).")
    String property;

    @Option(names = "--endpoint", paramLabel = "URL", description = "The API's base URL.")
    String endpoint;

    @Option(names = "--rate-limit", paramLabel = "R", description = "The provider's budget: N/s, N/min, N/h or N/day.")
    String rateLimit;

    @Option(names = "--setting", paramLabel = "K=V", description = "Provider setting served with the key, e.g. OPENAI_ORG_ID=org-1.")
    Map<String, String> settings = new LinkedHashMap<>();

    @ArgGroup(exclusive = true)
    ExpiryOptions expiry;

    @Option(names = "--rotate-every", paramLabel = "PERIOD", description = "Rotation period: 90d, 12w, 1y.")
    String rotateEvery;

    @Option(names = "--rotate-command", paramLabel = "CMD",
            description = "Rotation command for rotate --due: its stdout is the new value; it gets the key's name in "
                    + "KEYSTASH_KEY, never a value.")
    String rotateCommand;

    @Option(names = "--validate-command", paramLabel = "CMD",
            description = "Checks a new value (given on its stdin) before a rotation stores it; non-zero exit refuses it.")
    String validateCommand;

    @Option(names = "--tag", paramLabel = "T", description = "Label for filtering (repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--description", paramLabel = "D", description = "Free text.")
    String description;

    @Option(names = "--keep", paramLabel = "N", description = "Versions to keep (default: 10).")
    Integer keep;

    @Option(names = "--force", description = "Replace an existing key: new metadata, the value as a new version.")
    boolean force;

    public StoreCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        Names.requireKeyName(name);
        Provider chosen = Providers.byId(provider == null ? Providers.CUSTOM : provider);
        KeyMetadata metadata = metadata(chosen);
        SecretInput input = new SecretInput(root.context().in(), root.context().terminal());
        VaultAccess access = root.vaultAccess();
        AuditEvent event = AuditEvent.of(force ? "store --force" : "store").key(name);
        if (!access.store().exists()) {
            try (NewVault creating = NewVault.fromSourceAtHand(root); Secret value = input.value(prompt())) {
                report(creating.createThenUpdate(event, change(metadata, value, event)), chosen, metadata, value);
            }
        } else if (root.context().terminal().stdinIsTerminal()) {
            // The value is about to be typed: unlock and check the name first, so it is never typed for nothing.
            try (Credential credential = access.provenCredential(vault -> checkName(vault));
                 Secret value = input.value(prompt())) {
                report(access.store().update(credential, event, change(metadata, value, event)), chosen, metadata, value);
            }
        } else {
            try (Secret value = input.value(prompt())) {
                report(access.update(event, change(metadata, value, event)), chosen, metadata, value);
            }
        }
        return 0;
    }

    private String prompt() {
        return "Value for " + name + " (hidden): ";
    }

    private Void checkName(Vault vault) throws VaultException {
        if (!force) {
            NewKeyName.require(vault, name, "keystash store " + name + " --force");
        }
        return null;
    }

    private VaultStore.Change<KeyEntry> change(KeyMetadata metadata, Secret value, AuditEvent event) {
        return vault -> {
            checkName(vault);
            KeyEntry entry = force
                    ? vault.replaceKey(name, metadata, value.copy(), Actor.current().userAtHost())
                    : vault.storeKey(name, metadata, value.copy(), Actor.current().userAtHost());
            event.version(entry.current().number());
            return entry;
        };
    }

    private void report(KeyEntry stored, Provider chosen, KeyMetadata metadata, Secret value) {
        root.context().err().println("Stored " + Names.quote(name) + " (version " + stored.current().number() + ").");
        if (chosen.formatAppliesTo(metadata.env()) && !chosen.looksValid(value)) {
            root.context().err().println(ProviderFormat.warning(chosen));
        }
    }

    private KeyMetadata metadata(Provider chosen) throws VaultException {
        KeyMetadata.Builder builder = chosen.newKeyMetadata(env, property)
                .description(description)
                .tags(tags)
                .endpoint(endpoint)
                .settings(settings);
        if (rateLimit != null) {
            builder.rateLimit(RateLimit.parse(rateLimit));
        }
        if (expiry != null) {
            builder.expires(expiry.expires(LocalDate.now(ZoneOffset.UTC)));
        }
        if (rotateEvery != null) {
            builder.rotateEveryDays(DayPeriods.parseDays(rotateEvery));
        }
        if (keep != null) {
            builder.keep(keep);
        }
        if (rotateCommand != null && !rotateCommand.isBlank()) {
            builder.rotateCommand(rotateCommand);
        }
        if (validateCommand != null && !validateCommand.isBlank()) {
            builder.validateCommand(validateCommand);
        }
        return builder.build();
    }
}
