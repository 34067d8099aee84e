package io.keystash.cli;

import io.keystash.vault.launch.LaunchEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code keystash}: the root command and its global options, which every subcommand inherits
 * (so {@code keystash get X --key-file F} and {@code keystash --key-file F get X} both work).
 */
@Command(name = "keystash",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        sortOptions = false,
        synopsisSubcommandLabel = "COMMAND",
        header = "Keep API keys in an encrypted local vault and hand them to programs.",
        description = {"Values are never taken from the command line: they come from standard input "
                + "(when it is not a terminal; one trailing newline is dropped) or a hidden prompt.", "", "Unlocking, first that is present wins: --identity / KEYSTASH_IDENTITY, --key-file / KEYSTASH_KEY_FILE, "
                + "--passphrase-file / --passphrase-command / API_KEY_MASTER_FILE / KEYSTASH_PASSPHRASE_COMMAND, "
                + "a running unlock session (keystash unlock), API_KEY_MASTER, then a hidden prompt on a terminal.", ""},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
            "  keystash init",
            "  printf %%s \"$OPENAI_KEY\" | keystash store openai --provider openai",
            "  keystash profile create dev && keystash profile add-key dev openai",
            "  keystash run --profile dev -- ./gradlew bootRun",
            "  java $(keystash agent-line --profile dev) -jar app.jar",
            "",
            "Exit status: 0 ok, 1 a check found something or a rotation failed, 2 usage error,",
            "3 locked, wrong passphrase or key, damaged vault, 4 not found,",
            "5 already exists or conflict, 6 I/O error."})
public final class Keystash implements Callable<Integer> {
    private final CliContext context;
    private Path vault;
    private Path identity;
    private Path keyFile;
    private Path passphraseFile;
    private String passphraseCommand;
    private boolean debug;
    private boolean acceptOlder;
    private boolean offline;

    @Spec
    CommandSpec spec;

    public Keystash(CliContext context) {
        this.context = context;
    }

    public static void main(String[] args) {
        System.exit(run(CliContext.system(), args));
    }

    /** Runs one command line against {@code context}; returns the exit status. */
    public static int run(CliContext context, String... args) {
        Keystash root = new Keystash(context);
        CommandFactory factory = new CommandFactory(root);
        CommandLine commandLine = new CommandLine(root, factory);
        Commands.register(commandLine, factory, args);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(context.out(), StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(context.err(), StandardCharsets.UTF_8), true);
        commandLine.setUsageHelpWidth(100)
                .setUsageHelpAutoWidth(true)
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(new Failures.UsageErrors())
                .setExecutionExceptionHandler(new Failures.CommandErrors(root));
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            // By now the stack that held the memory is gone; one line, never the JVM's stack trace.
            err.println("keystash: out of memory: the command stopped (give the JVM more with KEYSTASH_JAVA_OPTS=-Xmx512m)");
            return Failures.UNEXPECTED;
        } finally {
            out.flush();
            err.flush();
            context.out().flush();
            context.err().flush();
        }
    }

    @Option(names = "--vault", paramLabel = "FILE", scope = ScopeType.INHERIT, order = 1,
            description = "Vault file (default: KEYSTASH_VAULT, else KEYSTASH_HOME/vault, else ~/.keystash/vault).")
    void vault(Path value) {
        vault = value;
    }

    @Option(names = "--identity", paramLabel = "FILE", scope = ScopeType.INHERIT, order = 2,
            description = "Unlock with this identity file (default: KEYSTASH_IDENTITY).")
    void identity(Path value) {
        identity = value;
    }

    @Option(names = "--key-file", paramLabel = "FILE", scope = ScopeType.INHERIT, order = 2,
            description = "Unlock with this key file (default: KEYSTASH_KEY_FILE).")
    void keyFile(Path value) {
        keyFile = value;
    }

    @Option(names = "--passphrase-file", paramLabel = "FILE", scope = ScopeType.INHERIT, order = 3,
            description = "Unlock with the passphrase in this file (default: API_KEY_MASTER_FILE).")
    void passphraseFile(Path value) {
        passphraseFile = value;
    }

    @Option(names = "--passphrase-command", paramLabel = "CMD", scope = ScopeType.INHERIT, order = 3,
            description = "Unlock with the passphrase this command prints, run with /bin/sh -c "
                    + "(default: KEYSTASH_PASSPHRASE_COMMAND).")
    void passphraseCommand(String value) {
        passphraseCommand = value;
    }

    @Option(names = "--accept-older", scope = ScopeType.INHERIT, order = 4,
            description = "Open a vault older than one this machine has opened (a deliberate restore; audit-logged).")
    void acceptOlder(boolean value) {
        acceptOlder = value;
    }

    @Option(names = "--offline", scope = ScopeType.INHERIT, order = 5,
            description = "With a shared store set (keystash remote set): write to this machine's replica only, "
                    + "for keystash push to publish later.")
    void offline(boolean value) {
        offline = value;
    }

    @Option(names = "--debug", scope = ScopeType.INHERIT, order = 6,
            description = "Show a stack trace when something fails.")
    void debug(boolean value) {
        debug = value;
    }

    /** With no command: the usage on standard error, status 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    public CliContext context() {
        return context;
    }

    /** The vault these options name and the way to unlock it. */
    public VaultAccess vaultAccess() {
        return new VaultAccess(context, vault, identity, keyFile, passphraseFile, passphraseCommand, acceptOlder, offline);
    }

    /** {@code --vault}, or null. */
    public Path vaultOption() {
        return vault;
    }

    /** {@code --identity}, or null. */
    public Path identityOption() {
        return identity;
    }

    /** {@code --key-file}, or null. */
    public Path keyFileOption() {
        return keyFile;
    }

    /** {@code --passphrase-file}, or null. */
    public Path passphraseFileOption() {
        return passphraseFile;
    }

    /** {@code --passphrase-command}, or null. */
    public String passphraseCommandOption() {
        return passphraseCommand;
    }

    public boolean debug() {
        return debug;
    }

    /**
     * The profile a command uses without {@code --profile}: KEYSTASH_PROFILE (trimmed), else
     * {@code default}; the agent's rule ({@link LaunchEnvironment#profileName}).
     */
    public String defaultProfile() {
        return LaunchEnvironment.profileName(null, context.environment());
    }
}
