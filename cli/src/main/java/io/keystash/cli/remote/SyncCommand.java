package io.keystash.cli.remote;

import io.keystash.cli.Keystash;
import io.keystash.cli.VaultAccess;
import io.keystash.remote.config.Remote;
import io.keystash.remote.store.SharedVault;
import io.keystash.remote.watch.SyncWatch;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.unlock.Credential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code keystash sync [--watch]}: pull, then push what was written offline; with {@code --watch},
 * keep doing it as the store changes, until SIGTERM (or Ctrl-C), logging to standard error.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Bring the replica and the shared store together: pull the store's copy, then publish changes made "
                + "with --offline.",
            "--watch keeps the replica current as the store changes (etcd's watch, reconnecting with backoff), logs to "
                + "standard error, and stops cleanly on SIGTERM: run it as a service on servers."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash sync", "  KEYSTASH_IDENTITY=/etc/keystash/identity keystash sync --watch"})
public final class SyncCommand implements Callable<Integer> {
    private final Keystash root;

    @Option(names = "--watch", description = "Keep running, and keep the replica current.")
    boolean watch;

    @Option(names = "--check-every", paramLabel = "DURATION", defaultValue = "30s",
            description = "With --watch: ask the store this often even without a change, which records a live sync for "
                    + "the agent's max-age (default: ${DEFAULT-VALUE}; 5s..1h).")
    String checkEvery;

    public SyncCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        VaultAccess access = root.vaultAccess();
        Remote remote = RemoteAccess.required(access);
        Duration check = checkInterval(checkEvery);
        if (watch) {
            WatchLogging.configure(root.debug());
        }
        SharedVault shared = RemoteAccess.shared(remote);
        VaultStore replica = RemoteAccess.replica(access);
        try (Credential credential = access.credentialForNewReplica()) {
            if (watch) {
                SyncWatch loop = new SyncWatch(shared, replica, credential, check);
                Thread hook = new Thread(() -> loop.stop(Duration.ofSeconds(10)), "keystash-sync-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                loop.run();
                return 0;
            }
            SharedVault.Pulled pulled = shared.pull(replica, credential);
            PullCommand.report(root, shared, pulled);
            if (pulled.outcome() == SharedVault.PullOutcome.UNPUBLISHED) {
                SharedVault.Pushed pushed = shared.push(replica);
                root.context().err().println("Published generation " + pushed.generation() + " to " + shared.url() + ".");
            }
            shared.sweep();
        }
        return 0;
    }

    private static Duration checkInterval(String text) throws VaultException {
        Duration duration = null;
        if (text.matches("[0-9]{1,5}[smh]")) {
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            duration = switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        if (duration == null || duration.compareTo(Duration.ofSeconds(5)) < 0 || duration.compareTo(Duration.ofHours(1)) > 0) {
            throw new VaultException(Failure.INVALID_INPUT, "--check-every takes a duration from 5s to 1h, such as 30s or 5m");
        }
        return duration;
    }
}
