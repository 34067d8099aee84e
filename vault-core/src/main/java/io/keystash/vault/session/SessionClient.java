package io.keystash.vault.session;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.format.ByteReader;
import io.keystash.vault.format.ByteWriter;
import io.keystash.vault.format.KeySlot;
import io.keystash.vault.format.MalformedException;
import io.keystash.vault.format.RecipientSlot;
import io.keystash.vault.format.SlotBytes;
import io.keystash.vault.format.VaultId;
import io.keystash.vault.storage.TrustedPaths;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SocketChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A connection to a running unlock session, from the CLI, the agent, or {@code keystash lock}.
 *
 * <p>Before anything is sent, the session is checked to be the user's own: its folder passes
 * {@link TrustedPaths}' check (the user's, and nobody else may write in it), so the socket in it
 * was made by a process of the user's: another user cannot plant one there, nor a link to theirs.
 * (The session, for its part, asks the kernel who each client is.) No name lookup and no peer
 * query here: this runs on the agent's start path. A socket nobody listens on (a session that was
 * killed) is no session.
 *
 * <p>Every request has a time limit ({@value #REQUEST_SECONDS} s): a session that stopped answering
 * (suspended with SIGSTOP, say) makes a command fail with a clear line rather than hang.
 */
public final class SessionClient implements AutoCloseable {
    static final int REQUEST_SECONDS = 10;

    private final SessionPlace place;
    private SocketChannel channel;

    private SessionClient(SessionPlace place, SocketChannel channel) {
        this.place = place;
        this.channel = channel;
    }

    /**
     * A connection to the session at {@code place}, or null when none runs there (no socket, or a
     * stale one). IO failure when the folder is not the user's own.
     */
    public static SessionClient connect(SessionPlace place) throws VaultException {
        if (!place.socketPresent() || !trustedFolder(place)) {
            return null;
        }
        return connectNow(place);
    }

    /**
     * Whether a session holds the place's lock: TRUE when one runs (or this JVM holds the lock),
     * FALSE when the lock is free (the socket, if any, is stale), null when it cannot be told (no
     * lock file). A few system calls and no socket classes: the agent asks this on its start path
     * and connects on another thread meanwhile.
     */
    public static Boolean running(SessionPlace place) {
        try (FileChannel channel = FileChannel.open(place.lockFile(), StandardOpenOption.READ)) {
            FileLock probe;
            try {
                probe = channel.tryLock(0, Long.MAX_VALUE, true);
            } catch (OverlappingFileLockException heldHere) {
                return Boolean.TRUE;
            }
            if (probe == null) {
                return Boolean.TRUE;
            }
            probe.release();
            return Boolean.FALSE;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * True when the place's folder is there and the user's own (nobody else may write in it); false
     * when it is missing; IO failure when someone else could have put the socket there.
     */
    public static boolean trustedFolder(SessionPlace place) throws VaultException {
        String problem;
        try {
            problem = TrustedPaths.whyUntrusted(place.folder(), "unlock session folder", true);
        } catch (VaultException e) {
            if (e.failure() == Failure.NOT_FOUND) {
                return false;
            }
            throw e;
        }
        if (problem != null) {
            throw new VaultException(Failure.IO, problem);
        }
        return true;
    }

    /** Connects, the folder checked by the caller ({@link #trustedFolder}); null when nobody listens there. */
    public static SessionClient connectNow(SessionPlace place) throws VaultException {
        SocketChannel channel = open(place);
        return channel == null ? null : new SessionClient(place, channel);
    }

    private static SocketChannel open(SessionPlace place) throws VaultException {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(place.socket()));
            } catch (ConnectException | NoSuchFileException stale) {
                channel.close();
                return null;
            } catch (SocketException notASocket) {
                // ENOENT (gone meanwhile), ECONNREFUSED (killed session), ENOTSOCK: nothing listens there
                channel.close();
                return null;
            }
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new VaultException(Failure.IO, "cannot reach the unlock session at " + place.socket() + ": " + e.getMessage());
        }
    }

    /** What the session says about itself. */
    public SessionStatus status() throws VaultException {
        ByteReader reply = new ByteReader(request(new ByteWriter(8).u8(SessionProtocol.VERSION).u8(SessionProtocol.OP_STATUS)));
        try {
            int status = reply.u8();
            if (status != SessionProtocol.OK) {
                throw refused(status);
            }
            return SessionProtocol.readStatus(reply);
        } catch (MalformedException e) {
            throw garbled();
        }
    }

    /** What opened a vault through the session; the caller wipes {@link #dataKey}. */
    public record Unwrapped(KeySlot slot, byte[] publicKey, byte[] dataKey) {
        @Override
        public String toString() {
            return "Unwrapped[slot " + slot.id() + "]";
        }
    }

    /**
     * Asks the session to open the slot of {@code slots} sealed to its key. WRONG_KEY when none is
     * (the passphrase was changed, the member removed), or when the vault is another than the
     * session's; LOCKED when the session's time ran out meanwhile.
     */
    public Unwrapped unwrap(VaultId vaultId, List<KeySlot> slots) throws VaultException {
        ByteWriter request = new ByteWriter(256).u8(SessionProtocol.VERSION).u8(SessionProtocol.OP_UNWRAP);
        if (vaultId == null) {
            request.u8(0);
        } else {
            request.u8(VaultId.BYTES).bytes(vaultId.bytes());
        }
        int count = 0;
        for (KeySlot slot : slots) {
            if (slot instanceof RecipientSlot) {
                count++;
            }
        }
        request.u16(count);
        for (KeySlot slot : slots) {
            if (slot instanceof RecipientSlot) {
                byte[] encoded = SlotBytes.encode(slot);
                request.u16(encoded.length).bytes(encoded);
            }
        }
        // The reply holds the data key: wiped once it is copied out, like every array that held it.
        byte[] frame = request(request);
        ByteReader reply = new ByteReader(frame);
        byte[] dataKey = null;
        try {
            int status = reply.u8();
            if (status != SessionProtocol.OK) {
                throw refused(status);
            }
            long slotId = reply.u64();
            byte[] publicKey = reply.bytes(32);
            dataKey = reply.bytes(32);
            for (KeySlot slot : slots) {
                if (slot.id() == slotId) {
                    return new Unwrapped(slot, publicKey, dataKey);
                }
            }
            Arrays.fill(dataKey, (byte) 0);
            throw garbled();
        } catch (MalformedException e) {
            throw garbled();
        } finally {
            Arrays.fill(frame, (byte) 0);
        }
    }

    /** Asks the session to end (wiping what it holds); returns once it said yes. */
    public void stop() throws VaultException {
        ByteReader reply = new ByteReader(request(new ByteWriter(8).u8(SessionProtocol.VERSION).u8(SessionProtocol.OP_STOP)));
        try {
            int status = reply.u8();
            if (status != SessionProtocol.OK && status != SessionProtocol.ENDED) {
                throw refused(status);
            }
        } catch (MalformedException e) {
            throw garbled();
        }
    }

    private VaultException refused(int status) {
        return switch (status) {
            case SessionProtocol.NOT_OPENED -> new VaultException(Failure.WRONG_KEY, "wrong passphrase or key: the unlock session"
                    + " for " + place.vaultFile() + " holds a key that no longer opens it (a new passphrase, a removed member?);"
                    + " unlock again: keystash unlock --replace");
            case SessionProtocol.OTHER_VAULT -> new VaultException(Failure.WRONG_KEY, "the unlock session for " + place.vaultFile()
                    + " was started for another vault than the one there now; unlock again: keystash unlock --replace");
            case SessionProtocol.ENDED -> new VaultException(Failure.LOCKED, "the unlock session for " + place.vaultFile()
                    + " has just ended (its time was up); unlock again: keystash unlock");
            default -> new VaultException(Failure.IO, "the unlock session at " + place.socket() + " refused the request");
        };
    }

    private VaultException garbled() {
        return new VaultException(Failure.IO, "the unlock session at " + place.socket() + " sent a reply this keystash cannot read"
                + " (a session of another keystash version? end it with keystash lock)");
    }

    /**
     * Sends one request and returns its reply's bytes, on the open connection; once more on a new
     * connection when the session had closed this one (it closes connections left unused for a while).
     */
    private byte[] request(ByteWriter request) throws VaultException {
        byte[] frame = request.toByteArray();
        request.wipe();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return exchange(frame);
                } catch (IOException e) {
                    if (attempt > 1 || e instanceof TimedOut) {
                        throw new VaultException(Failure.IO, e instanceof TimedOut
                                ? "the unlock session at " + place.socket() + " did not answer within " + REQUEST_SECONDS
                                + " s (a suspended session process?)"
                                : "the unlock session at " + place.socket() + " closed the connection: " + e.getMessage());
                    }
                    closeQuietly(channel);
                    channel = trustedFolder(place) ? open(place) : null;
                    if (channel == null) {
                        throw new VaultException(Failure.LOCKED, "the unlock session for " + place.vaultFile()
                                + " has ended; unlock again: keystash unlock");
                    }
                }
            }
        } finally {
            Arrays.fill(frame, (byte) 0);
        }
    }

    private byte[] exchange(byte[] payload) throws IOException {
        SocketChannel current = channel;
        Watchdog watchdog = Watchdog.start(current, REQUEST_SECONDS);
        try {
            ByteBuffer out = ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).flip();
            while (out.hasRemaining()) {
                current.write(out);
            }
            Arrays.fill(out.array(), (byte) 0);
            ByteBuffer length = ByteBuffer.allocate(4);
            readFully(current, length);
            int size = length.flip().getInt();
            if (size < 1 || size > SessionProtocol.MAX_FRAME) {
                throw new IOException("a reply of " + size + " bytes");
            }
            // Read into a buffer of our own outside the heap, wiped after the copy: a heap buffer
            // would pass the data key through the JDK's cached temporary buffer, left as it was.
            ByteBuffer reply = ByteBuffer.allocateDirect(size);
            try {
                readFully(current, reply);
                byte[] bytes = new byte[size];
                reply.flip().get(bytes);
                return bytes;
            } finally {
                reply.clear();
                while (reply.hasRemaining()) {
                    reply.put((byte) 0);
                }
            }
        } catch (IOException e) {
            throw watchdog.fired() ? new TimedOut() : e;
        } finally {
            watchdog.cancel();
        }
    }

    private static void readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("the session closed the connection");
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing: nothing left to do
            }
        }
    }

    /** A request that ran out of time (the watchdog closed the connection). */
    private static final class TimedOut extends IOException {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Closes a connection whose request has not finished by its deadline, which ends a blocked
     * read (Unix sockets' channels have no read time-out of their own). One short-lived daemon
     * thread per request: it parks until the deadline, or until {@link #cancel()} wakes it.
     */
    private static final class Watchdog implements Runnable {
        private final SocketChannel channel;
        private final long deadline;
        private final Thread thread;
        private volatile boolean cancelled;
        private volatile boolean fired;

        private Watchdog(SocketChannel channel, long deadline) {
            this.channel = channel;
            this.deadline = deadline;
            this.thread = new Thread(this, "keystash-session-request");
            thread.setDaemon(true);
        }

        static Watchdog start(SocketChannel channel, int seconds) {
            Watchdog watchdog = new Watchdog(channel, System.nanoTime() + seconds * 1_000_000_000L);
            watchdog.thread.start();
            return watchdog;
        }

        @Override
        public void run() {
            for (long left; !cancelled && (left = deadline - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(this, left);
            }
            if (!cancelled) {
                fired = true;
                closeQuietly(channel);
            }
        }

        boolean fired() {
            return fired;
        }

        void cancel() {
            cancelled = true;
            LockSupport.unpark(thread);
        }
    }
}
