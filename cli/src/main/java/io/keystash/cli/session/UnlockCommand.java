package io.keystash.cli.session;

import io.keystash.cli.Keystash;
import io.keystash.cli.VaultAccess;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.model.Durations;
import io.keystash.vault.session.SessionClient;
import io.keystash.vault.session.SessionKeys;
import io.keystash.vault.session.SessionPlace;
import io.keystash.vault.session.SessionStatus;
import io.keystash.vault.unlock.Credential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code keystash unlock}: asks once (whatever unlocks today, never an unlock session) and starts
 * the vault's unlock session, which later commands and agents use instead of asking again.
 */
@Command(name = "unlock", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Unlock the vault once and keep it unlocked for a while: a background session process of "
                + "yours holds the key of your slot (never the passphrase) and hands the vault's data key to your "
                + "own later commands and agents, over a socket only your user may use.",
            "Explicit ways to unlock (--identity, --key-file, --passphrase-file, --passphrase-command and their "
                + "variables) still come first; the session comes before API_KEY_MASTER and the prompt."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  keystash unlock                       # asks once; holds for 8 hours",
            "  keystash unlock --for 2h --idle 20m   # ends after 2 h, or 20 min unused",
            "  keystash unlock --passphrase-command 'secret-tool lookup keystash vault'",
            "  keystash unlock --status              # until when (exit 3 when none runs)",
            "  keystash lock                         # end it now",
            "",
            "Exit status: 0 ok, 2 bad option, 3 wrong passphrase or key (--status: no session runs),",
            "5 a session runs already (--replace replaces it), 6 I/O error."})
public final class UnlockCommand implements Callable<Integer> {
    static final String DEFAULT_LIFETIME = "8h";
    /** How long a new session waits for the one it replaces to let go of its lock. */
    private static final Duration REPLACE_WAIT = Duration.ofSeconds(10);

    private final Keystash root;

    @Option(names = "--for", paramLabel = "DURATION", defaultValue = DEFAULT_LIFETIME,
            description = "How long the session holds at most: 90s, 30m, 8h, 1h30m, 2d (default: ${DEFAULT-VALUE}).")
    String lifetimeText;

    @Option(names = "--idle", paramLabel = "DURATION",
            description = "End sooner when unused this long (default: no such limit).")
    String idleText;

    @Option(names = "--replace", description = "Replace a session that runs already (else: exit 5).")
    boolean replace;

    @Option(names = "--status", description = "Say whether a session runs and until when (exit 3 when none does).")
    boolean status;

    public UnlockCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        VaultAccess access = root.vaultAccess();
        SessionPlace place = SessionPlace.of(access.paths(), root.context().environment());
        if (status) {
            return showStatus(place);
        }
        Duration lifetime = Durations.parse(lifetimeText, "--for");
        if (lifetime.isZero()) {
            throw new VaultException(Failure.INVALID_INPUT, "--for must be longer than 0s");
        }
        Duration idle = idle();
        SessionClient running = SessionClient.connect(place);
        try {
            if (running != null && !replace) {
                SessionStatus current = running.status();
                throw new VaultException(Failure.ALREADY_EXISTS, "an unlock session for " + access.paths().vaultFile()
                        + " runs already (until " + SessionText.time(current.endsAt()) + "); keystash lock ends it, "
                        + "keystash unlock --replace starts a new one");
            }
            try (Credential credential = access.credentialWithoutSession()) {
                SessionKeys.Prepared prepared = SessionKeys.prepare(access.paths(), credential, Clock.systemUTC());
                try (var key = prepared.key()) {
                    if (running != null) {
                        running.stop();
                    }
                    Instant until = SessionLauncher.start(root, place, key, prepared.vaultId(), lifetime, idle,
                            running != null ? REPLACE_WAIT : Duration.ZERO);
                    root.context().err().println("Unlocked " + access.paths().vaultFile() + " until " + SessionText.time(until)
                            + (idle == null ? "" : " (sooner after " + Durations.format(idle) + " unused)")
                            + "; keystash lock ends it.");
                }
            }
        } finally {
            if (running != null) {
                running.close();
            }
        }
        return 0;
    }

    private Duration idle() throws VaultException {
        if (idleText == null || idleText.equals("off") || idleText.equals("none")) {
            return null;
        }
        Duration idle = Durations.parse(idleText, "--idle");
        return idle.isZero() ? null : idle;
    }

    private int showStatus(SessionPlace place) throws VaultException {
        try (SessionClient client = SessionClient.connect(place)) {
            if (client == null) {
                throw new VaultException(Failure.LOCKED, "no unlock session runs for " + place.vaultFile());
            }
            SessionStatus status = client.status();
            root.context().out().println(SessionText.describe(status));
        }
        return 0;
    }
}
