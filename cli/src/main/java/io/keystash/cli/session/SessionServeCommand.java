package io.keystash.cli.session;

import io.keystash.cli.Keystash;
import io.keystash.vault.VaultException;
import io.keystash.vault.session.SessionPlace;
import io.keystash.vault.session.SessionServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The unlock session process, started by {@code keystash unlock} ({@link SessionLauncher}) and not
 * by hand: reads the slot key from standard input, listens, says {@code ready UNTIL-MILLIS} (or
 * {@code error STATUS MESSAGE}) on standard output, then serves until it ends. SIGTERM ends it
 * cleanly (a shutdown hook wipes the key and removes the socket). Its standard error is the
 * session's log file.
 */
@Command(name = SessionServeCommand.NAME, hidden = true,
        description = "The unlock session process (started by keystash unlock).")
public final class SessionServeCommand implements Callable<Integer> {
    public static final String NAME = "session-serve";

    private final Keystash root;

    @Option(names = "--for-ms", required = true)
    long lifetimeMillis;

    @Option(names = "--idle-ms", defaultValue = "0")
    long idleMillis;

    @Option(names = "--wait-lock-ms", defaultValue = "0")
    long waitLockMillis;

    public SessionServeCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        PrintStream out = root.context().out();
        SessionServer server;
        try {
            SessionHandoff.Received received = SessionHandoff.receive(root.context().in());
            SessionPlace place = SessionPlace.of(root.vaultAccess().paths(), root.context().environment());
            server = SessionServer.bind(place, received.key(), received.vaultId(),
                    new SessionServer.Limits(Duration.ofMillis(lifetimeMillis), idleMillis > 0 ? Duration.ofMillis(idleMillis) : null),
                    Duration.ofMillis(waitLockMillis), Clock.systemUTC());
        } catch (VaultException e) {
            out.println("error " + e.failure().exitStatus() + " " + e.getMessage().replace('\n', ' '));
            out.flush();
            return e.failure().exitStatus();
        }
        SessionServer serving = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> serving.endAndWait("SIGTERM"), "keystash-session-end"));
        out.println("ready " + server.status().until().toEpochMilli());
        out.flush();
        out.close(); // keystash unlock stops reading here and returns
        server.serve();
        return 0;
    }
}
