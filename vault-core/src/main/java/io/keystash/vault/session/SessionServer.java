package io.keystash.vault.session;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.format.ByteReader;
import io.keystash.vault.format.ByteWriter;
import io.keystash.vault.format.KeySlot;
import io.keystash.vault.format.MalformedException;
import io.keystash.vault.format.SlotBytes;
import io.keystash.vault.format.VaultId;
import io.keystash.vault.model.Durations;
import io.keystash.vault.storage.SecureFiles;
import io.keystash.vault.storage.TrustedPaths;
import io.keystash.vault.unlock.KeySlots;
import io.keystash.vault.unlock.SlotKey;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The unlock session itself: holds one slot's private key ({@link SlotKey}) and, for clients of
 * the same user, opens the slot of their vault that is sealed to it, answering with the data key.
 *
 * <p>What it checks: its folder is the user's own and 0700, the socket 0600; and, on every
 * connection, the peer's credentials from the kernel ({@code SO_PEERCRED}): a process of another
 * user is refused and logged, whatever the file modes say. It serves the vault it was started for
 * (the vault id in the request must match).
 *
 * <p>How it ends: at its lifetime ({@code --for}) or after {@code --idle} without a request (both
 * by the wall clock, so a machine that slept past the time finds the session gone), on a STOP
 * request ({@code keystash lock}), on SIGTERM (a shutdown hook), or when its socket is removed.
 * Ending wipes the key, deletes the socket and releases the lock file, whose lock the kernel also
 * releases when the process dies any other way, so the next start can tell a stale socket.
 *
 * <p>One thread and a selector serve every connection: requests are a few hundred bytes and an
 * X25519 agreement per slot, and a client that stalls mid-request blocks nobody.
 */
public final class SessionServer {
    private static final Logger LOG = LoggerFactory.getLogger(SessionServer.class);
    private static final int MAX_CONNECTIONS = 64;
    private static final long CONNECTION_IDLE_MILLIS = 60_000;
    private static final long LONGEST_SLEEP_MILLIS = 30_000;
    private static final Duration CLIENT_PROBE_WAIT = Duration.ofMillis(500);

    /**
     * How long the session holds.
     *
     * @param lifetime how long at most ({@code --for})
     * @param idle     how long without a request ({@code --idle}), or null for no such limit
     */
    public record Limits(Duration lifetime, Duration idle) {
    }

    private final SessionPlace place;
    private final SlotKey key;
    private final VaultId vaultId;
    private final Clock clock;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final UserPrincipal owner;
    private final Instant started;
    private final Instant until;
    private final Duration idle;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Instant lastUse;
    private volatile String endReason;

    private SessionServer(SessionPlace place, SlotKey key, VaultId vaultId, Limits limits, Clock clock,
                          FileChannel lockChannel, FileLock lock, ServerSocketChannel server, Selector selector,
                          UserPrincipal owner) {
        this.place = place;
        this.key = key;
        this.vaultId = vaultId;
        this.clock = clock;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.server = server;
        this.selector = selector;
        this.owner = owner;
        this.started = clock.instant();
        this.until = started.plus(limits.lifetime());
        this.idle = limits.idle();
        this.lastUse = started;
    }

    /**
     * Takes the place's lock (waiting up to {@code lockWait} for a session being replaced to end),
     * removes a stale socket, and listens. ALREADY_EXISTS when another session holds the lock.
     * Takes ownership of {@code key}.
     */
    public static SessionServer bind(SessionPlace place, SlotKey key, VaultId vaultId, Limits limits, Duration lockWait,
                                     Clock clock) throws VaultException {
        if (!place.socketPathFits()) {
            throw new VaultException(Failure.IO, "the unlock session's socket path " + place.socket() + " is longer than "
                    + SessionPlace.MAX_SOCKET_PATH_BYTES + " bytes, which Unix sockets do not allow; set XDG_RUNTIME_DIR "
                    + "or a shorter KEYSTASH_HOME");
        }
        TrustedPaths.createTrustedFolder(place.folder(), "unlock session folder");
        FileChannel lockChannel = null;
        ServerSocketChannel server = null;
        Selector selector = null;
        try {
            Files.setPosixFilePermissions(place.folder(), SecureFiles.OWNER_FOLDER);
            TrustedPaths.requireTrustedFileIfPresent(place.lockFile(), "unlock session lock file");
            lockChannel = FileChannel.open(place.lockFile(), new java.util.HashSet<>(List.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)), PosixFilePermissions.asFileAttribute(SecureFiles.OWNER_FILE));
            // A client tells whether a session runs by a shared lock it takes and drops at once: wait
            // out such an instant even when not replacing a session.
            FileLock lock = acquire(lockChannel, lockWait.compareTo(CLIENT_PROBE_WAIT) > 0 ? lockWait : CLIENT_PROBE_WAIT);
            if (lock == null) {
                throw new VaultException(Failure.ALREADY_EXISTS, "an unlock session for " + place.vaultFile()
                        + " runs already (keystash unlock --status shows it; keystash lock ends it)");
            }
            // The lock is ours: whatever sits at the socket's path was left by a session that died.
            Files.deleteIfExists(place.socket());
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(place.socket()));
            Files.setPosixFilePermissions(place.socket(), SecureFiles.OWNER_FILE);
            UserPrincipal owner = Files.getOwner(place.socket(), LinkOption.NOFOLLOW_LINKS);
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            return new SessionServer(place, key, vaultId, limits, clock, lockChannel, lock, server, selector, owner);
        } catch (IOException | RuntimeException e) {
            closeQuietly(selector);
            closeQuietly(server);
            closeQuietly(lockChannel);
            key.close();
            throw new VaultException(Failure.IO, "cannot start the unlock session at " + place.socket() + ": " + e.getMessage());
        } catch (VaultException e) {
            closeQuietly(lockChannel);
            key.close();
            throw e;
        }
    }

    private static FileLock acquire(FileChannel channel, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException heldInThisJvm) {
                lock = null;
            }
            if (lock != null || System.nanoTime() - deadline > 0) {
                return lock;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** What this session says about itself. */
    public SessionStatus status() {
        return new SessionStatus(ProcessHandle.current().pid(), key.kind(), key.origin(), place.vaultFile().toString(),
                started, until, idle, lastUse);
    }

    /**
     * Ends the session at the next chance and waits (up to 5 s) until it has wiped its key and
     * removed its socket: for a shutdown hook, which must not return before that.
     */
    public void endAndWait(String reason) {
        end(reason);
        try {
            finished.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the serving loop to end with {@code reason}. */
    public void end(String reason) {
        if (endReason == null) {
            endReason = reason;
        }
        selector.wakeup();
    }

    /** Serves until the session ends; returns why it ended. Everything it held is wiped by then. */
    public String serve() {
        LOG.info("unlock session for {} started: {} key from {}, until {}{}", place.vaultFile(), key.kind().label(),
                key.origin(), until.truncatedTo(ChronoUnit.SECONDS), idle == null ? "" : ", sooner after " + Durations.format(idle) + " unused");
        try {
            while (endReason == null) {
                long now = clock.millis();
                String expired = expiry(now);
                if (expired != null) {
                    end(expired);
                    break;
                }
                if (!place.socketPresent()) {
                    end("its socket " + place.socket() + " was removed");
                    break;
                }
                selector.select(Math.max(1, Math.min(nextDeadline() - now, LONGEST_SLEEP_MILLIS)));
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext() && endReason == null) {
                    SelectionKey selected = ready.next();
                    ready.remove();
                    if (!selected.isValid()) {
                        continue;
                    }
                    if (selected.isAcceptable()) {
                        accept();
                    } else if (selected.isReadable()) {
                        readFrom(selected);
                    }
                }
                closeIdleConnections(clock.millis());
            }
        } catch (IOException | RuntimeException e) {
            end("a failure: " + e.getClass().getSimpleName());
        } finally {
            cleanUp();
        }
        return endReason;
    }

    /** Why the session must end now, or null. */
    private String expiry(long now) {
        if (now >= until.toEpochMilli()) {
            return "its time (--for) was up";
        }
        if (idle != null && now >= lastUse.toEpochMilli() + idle.toMillis()) {
            return "it was unused for " + Durations.format(idle) + " (--idle)";
        }
        return null;
    }

    private long nextDeadline() {
        long deadline = until.toEpochMilli();
        if (idle != null) {
            deadline = Math.min(deadline, lastUse.toEpochMilli() + idle.toMillis());
        }
        return deadline;
    }

    private void accept() throws IOException {
        SocketChannel channel = server.accept();
        if (channel == null) {
            return;
        }
        try {
            UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!owner.equals(peer.user())) {
                LOG.warn("refused a connection from user {} (group {}): this unlock session serves only {}",
                        peer.user().getName(), peer.group().getName(), owner.getName());
                channel.close();
                return;
            }
            if (selector.keys().size() > MAX_CONNECTIONS) {
                LOG.warn("refused a connection: {} are open already", MAX_CONNECTIONS);
                channel.close();
                return;
            }
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, new Connection(clock.millis()));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("refused a connection whose peer could not be told: {}", e.getClass().getSimpleName());
            channel.close();
        }
    }

    private void readFrom(SelectionKey selected) {
        SocketChannel channel = (SocketChannel) selected.channel();
        Connection connection = (Connection) selected.attachment();
        try {
            byte[] request = connection.read(channel);
            if (request == null) {
                return;
            }
            connection.lastActivity = clock.millis();
            byte[] reply = handle(request);
            Arrays.fill(request, (byte) 0);
            try {
                writeFully(channel, reply);
            } finally {
                Arrays.fill(reply, (byte) 0);
            }
        } catch (IOException e) {
            selected.cancel();
            closeQuietly(channel);
        }
    }

    private byte[] handle(byte[] request) {
        ByteReader in = new ByteReader(request);
        try {
            if (in.u8() != SessionProtocol.VERSION) {
                return status(SessionProtocol.BAD_REQUEST);
            }
            int op = in.u8();
            String expired = expiry(clock.millis());
            if (expired != null) {
                end(expired);
                return status(SessionProtocol.ENDED);
            }
            return switch (op) {
                case SessionProtocol.OP_STATUS -> SessionProtocol.statusReply(status());
                case SessionProtocol.OP_UNWRAP -> unwrap(in);
                case SessionProtocol.OP_STOP -> {
                    end("keystash lock");
                    yield status(SessionProtocol.OK);
                }
                default -> status(SessionProtocol.BAD_REQUEST);
            };
        } catch (MalformedException e) {
            return status(SessionProtocol.BAD_REQUEST);
        }
    }

    private byte[] unwrap(ByteReader in) throws MalformedException {
        int idLength = in.u8();
        byte[] id = in.bytes(idLength);
        if (vaultId != null && (idLength != VaultId.BYTES || !vaultId.equals(VaultId.of(id)))) {
            return status(SessionProtocol.OTHER_VAULT);
        }
        int count = in.u16();
        List<KeySlot> slots = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            KeySlot slot = SlotBytes.decode(in.bytes(in.u16()));
            if (slot.kind() == key.kind()) {
                slots.add(slot);
            }
        }
        KeySlots.Unlocked unlocked;
        try {
            unlocked = KeySlots.unlock(slots, key);
        } catch (VaultException e) {
            return status(SessionProtocol.NOT_OPENED);
        }
        byte[] raw = null;
        try {
            lastUse = clock.instant();
            raw = unlocked.dataKey().rawForWrapping();
            ByteWriter reply = new ByteWriter(80).u8(SessionProtocol.OK).u64(unlocked.slot().id())
                    .bytes(unlocked.publicKey()).bytes(raw);
            byte[] bytes = reply.toByteArray();
            reply.wipe();
            return bytes;
        } finally {
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
            unlocked.dataKey().close();
        }
    }

    private static byte[] status(int status) {
        return new byte[] {(byte) status};
    }

    private static void writeFully(SocketChannel channel, byte[] reply) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(4 + reply.length).putInt(reply.length).put(reply).flip();
        try {
            // Replies are under a few hundred bytes: a socket's send buffer takes them at once;
            // a client that does not read its replies gets its connection closed.
            for (int attempts = 0; out.hasRemaining(); attempts++) {
                if (channel.write(out) == 0) {
                    if (attempts > 100) {
                        throw new IOException("the client does not read");
                    }
                    Thread.onSpinWait();
                }
            }
        } finally {
            Arrays.fill(out.array(), (byte) 0);
        }
    }

    private void closeIdleConnections(long now) {
        for (SelectionKey registered : selector.keys()) {
            if (registered.attachment() instanceof Connection connection
                    && now - connection.lastActivity > CONNECTION_IDLE_MILLIS) {
                registered.cancel();
                closeQuietly(registered.channel());
            }
        }
    }

    private void cleanUp() {
        key.close();
        for (SelectionKey registered : selector.keys()) {
            closeQuietly(registered.channel());
        }
        closeQuietly(selector);
        closeQuietly(server);
        try {
            Files.deleteIfExists(place.socket());
        } catch (IOException e) {
            LOG.warn("could not remove the socket {}: {}", place.socket(), e.getMessage());
        }
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
        closeQuietly(lockChannel);
        // Before the latch: a shutdown hook waits for it, and the JVM halts right after.
        LOG.info("unlock session for {} ended: {}", place.vaultFile(), endReason);
        finished.countDown();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing: nothing left to do
            }
        }
    }

    /** One client's connection: the frame being read. */
    private static final class Connection {
        private final ByteBuffer length = ByteBuffer.allocate(4);
        private ByteBuffer body;
        private long lastActivity;

        Connection(long now) {
            this.lastActivity = now;
        }

        /** Reads what is there; the whole request once complete, else null. EOF and oversize are IOExceptions. */
        byte[] read(SocketChannel channel) throws IOException {
            if (body == null) {
                if (channel.read(length) < 0) {
                    throw new IOException("closed");
                }
                if (length.hasRemaining()) {
                    return null;
                }
                int size = length.flip().getInt();
                if (size < 2 || size > SessionProtocol.MAX_FRAME) {
                    throw new IOException("a request of " + size + " bytes");
                }
                body = ByteBuffer.allocate(size);
            }
            if (channel.read(body) < 0) {
                throw new IOException("closed");
            }
            if (body.hasRemaining()) {
                return null;
            }
            byte[] request = body.array();
            body = null;
            length.clear();
            return request;
        }
    }
}
