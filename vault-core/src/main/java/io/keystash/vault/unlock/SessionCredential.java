package io.keystash.vault.unlock;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.concurrent.SecondThread;
import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.format.Header;
import io.keystash.vault.session.SessionClient;
import io.keystash.vault.session.SessionPlace;

/**
 * A running unlock session as a way in: each unlock sends the vault's slots to the session, which
 * opens the one sealed to the key it holds and answers with the data key. Nothing that opens a
 * slot ever reaches this process; {@link #close()} closes the connection.
 *
 * <p>Why the connection is made on a second thread: the JDK's first Unix socket costs a cold JVM
 * 15–30 ms (its socket class seeds a {@code SecureRandom} as it loads, which starts the security
 * providers), on the path the agent's program waits for. Whether a session runs is told first,
 * cheaply, from its lock file ({@link SessionClient#running}); the caller then reads and parses the
 * vault while the connection is made, and {@link #unlock} waits for it.
 */
public final class SessionCredential implements Credential {
    private final SessionPlace place;
    private final Connecting connecting;
    private SessionClient client;

    private SessionCredential(SessionPlace place, SessionClient client, Connecting connecting) {
        this.place = place;
        this.client = client;
        this.connecting = connecting;
    }

    /** The session at {@code place}, or null when none runs there. */
    static SessionCredential connect(SessionPlace place) throws VaultException {
        if (!place.socketPresent() || !SessionClient.trustedFolder(place)) {
            return null;
        }
        Boolean running = SessionClient.running(place);
        if (Boolean.FALSE.equals(running)) {
            return null; // a socket left by a session that died
        }
        if (running == null) {
            SessionClient now = SessionClient.connectNow(place);
            return now == null ? null : new SessionCredential(place, now, null);
        }
        return new SessionCredential(place, null, Connecting.start(place));
    }

    KeySlots.Unlocked unlock(Header header) throws VaultException {
        SessionClient.Unwrapped unwrapped = client().unwrap(header.vaultId(), header.slots());
        return new KeySlots.Unlocked(DataKey.of(unwrapped.dataKey()), unwrapped.slot(), unwrapped.publicKey());
    }

    private SessionClient client() throws VaultException {
        if (client == null) {
            client = connecting.join();
            if (client == null) {
                throw new VaultException(Failure.LOCKED, "the unlock session for " + place.vaultFile()
                        + " has just ended; unlock again: keystash unlock");
            }
        }
        return client;
    }

    @Override
    public String origin() {
        return "unlock session " + place.socket();
    }

    @Override
    public void close() {
        if (client == null && connecting != null) {
            try {
                client = connecting.join();
            } catch (VaultException e) {
                // nothing was connected
            }
        }
        if (client != null) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "SessionCredential[" + place.socket() + "]";
    }

    /** The connection being made on a second thread. */
    private static final class Connecting implements Runnable {
        private final SessionPlace place;
        private SecondThread thread;
        // Written by the connecting thread, read after join(), which orders the two.
        private SessionClient client;
        private VaultException failure;
        private RuntimeException unexpected;

        private Connecting(SessionPlace place) {
            this.place = place;
        }

        static Connecting start(SessionPlace place) {
            Connecting connecting = new Connecting(place);
            connecting.thread = SecondThread.start(connecting, "keystash-session-connect");
            return connecting;
        }

        @Override
        public void run() {
            try {
                client = SessionClient.connectNow(place);
            } catch (VaultException e) {
                failure = e;
            } catch (RuntimeException e) {
                unexpected = e;
            }
        }

        SessionClient join() throws VaultException {
            thread.join();
            if (unexpected != null) {
                throw unexpected;
            }
            if (failure != null) {
                throw failure;
            }
            return client;
        }
    }
}
