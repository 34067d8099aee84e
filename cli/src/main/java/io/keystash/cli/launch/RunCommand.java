package io.keystash.cli.launch;

import io.keystash.cli.Keystash;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.launch.LaunchEnvironment;
import io.keystash.vault.model.Names;
import io.keystash.vault.profile.ResolvedProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code keystash run -- CMD ARGS…}: runs a program with the profile's variables added to the real
 * environment and the unlock variables taken out, by the rules the agent follows
 * ({@link LaunchEnvironment}: a variable already set is replaced, with one line naming it, or kept
 * with {@code --no-override}). Standard streams are inherited and the exit
 * status passed through (128+N when the program was killed by signal N). When keystash itself
 * is interrupted or terminated, a shutdown hook terminates the program and waits for it.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a program with the profile's variables in its environment (unlock variables "
                + "removed).", "Exits with the program's status. System properties are not passed; use the agent "
                + "for them."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash run --profile dev -- ./gradlew bootRun",
            "  keystash run -- python app.py --port 8080",
            "  keystash run --profile prod -- sh -c 'curl -H \"Authorization: Bearer $OPENAI_API_KEY\" https://api.openai.com/v1/models'"})
public final class RunCommand implements Callable<Integer> {
    /** Status when the program cannot be started (as shells report "command not found"). */
    public static final int CANNOT_START = 127;
    private static final long CHILD_GRACE_SECONDS = 10;
    /** Set by the launcher: the soft core-dump limit the user had before it turned core dumps off. */
    public static final String CORE_LIMIT_VARIABLE = "KEYSTASH_CORE_LIMIT";

    private final Keystash root;

    @Option(names = "--profile", paramLabel = "P", description = "Profile (default: KEYSTASH_PROFILE, else default).")
    String profile;

    @Option(names = "--override", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "A profile variable replaces one already set of the same name, with one line on stderr "
                    + "naming it (default); --no-override keeps the one already set, also with one line.")
    boolean override;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The program and its arguments (after --).")
    List<String> command;

    public RunCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        String chosen = profile != null ? profile : root.defaultProfile();
        Names.requireProfileName(chosen);
        // The hook is in place before the child exists: a SIGTERM that arrives while start() returns
        // must still reach the child, not leave it running without us.
        AtomicReference<Process> started = new AtomicReference<>();
        Thread stopChild = new Thread(() -> {
            synchronized (started) { // waits for a start() in progress
                stop(started.get());
            }
        }, "keystash-run-stop-child");
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            Process child = start(chosen, started);
            FreedHeap.overwrite();
            return child.waitFor();
        } catch (IOException e) {
            root.context().err().println("keystash: cannot run " + Names.quote(command.get(0)) + ": "
                    + (e.getMessage() == null ? "cannot start" : e.getMessage().replaceFirst("^Cannot run program \"[^\"]*\": ", "")));
            return CANNOT_START;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(started.get());
            throw new VaultException(Failure.IO, "interrupted while waiting for " + Names.quote(command.get(0)));
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
    }

    /**
     * Resolves the profile and starts the program. The values live only in this method's frame
     * (the resolved profile, the builder's environment): once it returns, nothing refers to them
     * while {@code run} waits for the program, which may take days; {@link FreedHeap} then
     * overwrites what they occupied.
     */
    private Process start(String chosen, AtomicReference<Process> started) throws VaultException, IOException {
        ResolvedProfile resolved = root.vaultAccess().read(AuditEvent.of("run").profile(chosen),
                vault -> vault.resolveProfile(chosen));
        resolved.withheldLines().forEach(line -> root.context().err().println("keystash: " + line));
        if (!resolved.properties().isEmpty()) {
            notePropertiesNotServed(chosen, resolved);
        }
        Map<String, String> real = new HashMap<>(root.context().environment());
        String coreLimit = real.remove(CORE_LIMIT_VARIABLE); // the launcher's, for this command only
        LaunchEnvironment launch = LaunchEnvironment.of(real, resolved.environment(), override);
        launch.conflicts().forEach(line -> root.context().err().println("keystash: " + line));
        ProcessBuilder builder = new ProcessBuilder(withCoreLimit(coreLimit)).inheritIO();
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(launch.environment());
        try {
            synchronized (started) {
                Process child = builder.start();
                started.set(child);
                return child;
            }
        } finally {
            environment.clear();
        }
    }

    /**
     * The command, started through {@code sh} to give it back the core-dump limit the user had
     * when the launcher (which turns core dumps off for keystash's own JVM) passed it on in
     * {@code KEYSTASH_CORE_LIMIT}; as it is when there is none to give back (0, or not launched
     * by the launcher). {@code exec} keeps the program's process id and signals as they were.
     */
    private List<String> withCoreLimit(String limit) {
        if (limit == null || !limit.matches("unlimited|[1-9][0-9]{0,18}")) {
            return command;
        }
        List<String> wrapped = new java.util.ArrayList<>(List.of("/bin/sh", "-c",
                "ulimit -S -c \"$1\" 2>/dev/null; shift; exec \"$@\"", "keystash-run", limit));
        wrapped.addAll(command);
        return wrapped;
    }

    private void notePropertiesNotServed(String chosen, ResolvedProfile resolved) {
        List<String> onlyProperties = resolved.properties().keySet().stream().toList();
        root.context().err().println("keystash: note: profile " + Names.quote(chosen) + " also has system properties ("
                + String.join(", ", onlyProperties) + "); run serves environment variables only, the agent serves both");
    }

    /** Terminates the child (SIGTERM), then kills it if it has not exited within the grace period. */
    private static void stop(Process child) {
        if (child == null || !child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(CHILD_GRACE_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
