package io.keystash.cli.rotation;

import io.keystash.cli.Keystash;
import io.keystash.cli.keys.ExpiryOptions;
import io.keystash.cli.terminal.SecretInput;
import io.keystash.vault.Failure;
import io.keystash.vault.Secret;
import io.keystash.vault.VaultException;
import io.keystash.vault.model.DayPeriods;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.Names;
import io.keystash.vault.rotation.MetadataEdit;
import io.keystash.vault.rotation.RotationResult;
import io.keystash.vault.rotation.Rotator;
import io.keystash.vault.unlock.Credential;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code keystash rotate NAME} (a new value from input, or from the key's rotation provider) and
 * {@code keystash rotate --due} (every key past or near its due date that a provider handles).
 */
@Command(name = "rotate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Give a key a new value, keeping the old one as a version.", "",
            "rotate NAME reads the new value from standard input (or a hidden prompt on a terminal); with "
                + "--from-provider the key's rotation provider (its --rotate-command) makes it. rotate --due "
                + "rotates every key due within --within (default 7d) that has a rotation provider.", "",
            "Every rotation writes an encrypted backup of the vault to backups/ first, runs the key's "
                + "--validate-command on the new value (non-zero: nothing is stored), sets the expiry to today "
                + "plus the rotation period, and is audited.", "",
            "Exit status: 0 every rotation succeeded (or nothing was due); 1 at least one key could not be "
                + "rotated (the others were; the reasons are on standard error); 2-6 as for every command."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  keystash rotate openai < new-key.txt",
            "  keystash rotate billing --rotate-command 'billing-cli new-key' --from-provider",
            "  keystash rotate --due --dry-run",
            "  keystash rotate --due --within 14d     # e.g. daily from cron or a systemd timer"})
public final class RotateCommand implements Callable<Integer> {
    /** "Some rotations failed" exits 1, like a check that found something (docs/decisions.md). */
    static final int SOME_FAILED = 1;
    static final String DEFAULT_WITHIN = "7d";

    private final Keystash root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The key to rotate (not with --due).")
    String name;

    @Option(names = "--due", description = "Rotate every due key that has a rotation provider.")
    boolean due;

    @Option(names = "--within", paramLabel = "PERIOD",
            description = "With --due: also keys due within this period (default: " + DEFAULT_WITHIN + "; 0d: only past due).")
    String within;

    @Option(names = "--dry-run", description = "Say what would happen; change nothing, read no value.")
    boolean dryRun;

    @Option(names = "--from-provider", description = "Let the key's rotation provider make the new value instead of reading it.")
    boolean fromProvider;

    @Option(names = "--keep", paramLabel = "N", description = "From now on keep N versions (older ones are pruned).")
    Integer keep;

    @Option(names = "--rotate-command", paramLabel = "CMD",
            description = "Set the key's rotation command (its stdout is the new value; the key's name is in KEYSTASH_KEY). '' removes it.")
    String rotateCommand;

    @Option(names = "--validate-command", paramLabel = "CMD",
            description = "Set the key's validation command (new value on stdin; non-zero exit refuses it). '' removes it.")
    String validateCommand;

    @Option(names = "--rotate-every", paramLabel = "PERIOD", description = "Set the rotation period: 90d, 12w, 1y.")
    String rotateEvery;

    @ArgGroup(exclusive = true)
    ExpiryOptions expiry;

    @Option(names = "--json", description = "With --due: the results as JSON.")
    boolean json;

    public RotateCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        return due ? rotateDue() : rotateOne();
    }

    private int rotateDue() throws VaultException {
        if (name != null) {
            throw usage("give a key NAME or --due, not both");
        }
        if (fromProvider || keep != null || rotateCommand != null || validateCommand != null || rotateEvery != null || expiry != null) {
            throw usage("--from-provider, --keep, --rotate-command, --validate-command, --rotate-every and --expires* "
                    + "apply to one key: use them with rotate NAME, not with --due");
        }
        int withinDays = DayPeriods.parseDays(within == null ? DEFAULT_WITHIN : within);
        Rotator rotator = RotatorSetup.rotator(root);
        List<RotationResult> results;
        try (Credential credential = root.vaultAccess().credential()) {
            results = rotator.rotateDue(credential, withinDays, dryRun);
        }
        if (results.isEmpty() && !json) {
            // On stdout with the other results: "keystash rotate --due > /dev/null" stays silent when all is well.
            root.context().out().println("No key is due within " + withinDays + " days.");
            return 0;
        }
        RotationOutput.print(results, json, root.context().out(), root.context().err());
        long failed = results.stream().filter(RotationResult::failed).count();
        if (failed > 0) {
            root.context().err().println("keystash: " + failed + " of " + results.size()
                    + " due keys could not be rotated; the others were handled");
            return SOME_FAILED;
        }
        return 0;
    }

    private int rotateOne() throws VaultException {
        if (name == null) {
            throw usage("give the NAME of the key to rotate, or --due");
        }
        if (within != null) {
            throw usage("--within applies to --due only");
        }
        if (json) {
            throw usage("--json applies to --due only");
        }
        Names.requireKeyName(name);
        MetadataEdit edit = edit();
        // Only --from-provider needs the providers: a broken KEYSTASH_CLASSPATH must not stop a manual rotation.
        Rotator rotator = fromProvider ? RotatorSetup.rotator(root) : RotatorSetup.withoutProviders(root);
        RotationResult result;
        try (Credential credential = root.vaultAccess().credential()) {
            if (fromProvider) {
                result = rotator.rotateWithProvider(credential, name, edit, dryRun);
            } else if (dryRun) {
                result = rotator.previewRotate(credential, name, edit);
            } else {
                SecretInput input = new SecretInput(root.context().in(), root.context().terminal());
                if (root.context().terminal().stdinIsTerminal()) {
                    rotator.previewRotate(credential, name, edit); // a missing key fails before anyone types a value
                }
                Secret value = input.value("New value for " + name + " (hidden): ");
                result = rotator.rotate(credential, name, value, edit);
            }
        }
        if (result.failed()) {
            root.context().err().println("keystash: " + result.message());
            return SOME_FAILED;
        }
        root.context().err().println(RotationOutput.sentence(result.message()));
        return 0;
    }

    /** The metadata changes asked for, checked before anything is unlocked. */
    private MetadataEdit edit() throws VaultException {
        Integer periodDays = rotateEvery == null ? null : DayPeriods.parseDays(rotateEvery);
        LocalDate expires = null;
        if (expiry != null) {
            expires = expiry.expires(RotatorSetup.today());
        } else if (periodDays != null) {
            expires = RotatorSetup.today().plusDays(periodDays);
        }
        LocalDate newExpiry = expires;
        MetadataEdit edit = metadata -> {
            KeyMetadata.Builder builder = metadata.toBuilder();
            if (keep != null) {
                builder.keep(keep);
            }
            if (rotateCommand != null) {
                builder.rotateCommand(rotateCommand.isBlank() ? null : rotateCommand);
            }
            if (validateCommand != null) {
                builder.validateCommand(validateCommand.isBlank() ? null : validateCommand);
            }
            if (periodDays != null) {
                builder.rotateEveryDays(periodDays);
            }
            if (newExpiry != null) {
                builder.expires(newExpiry);
            }
            return builder.build();
        };
        edit.apply(KeyMetadata.builder().build()); // the same checks as at the change: refuse bad input early
        return edit;
    }

    private static VaultException usage(String message) {
        return new VaultException(Failure.INVALID_INPUT, message + " (see: keystash rotate --help)");
    }
}
