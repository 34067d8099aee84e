package io.keystash.vault.session;

import io.keystash.vault.Failure;
import io.keystash.vault.Secret;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultReader;
import io.keystash.vault.VaultStore;
import io.keystash.vault.crypto.Argon2idParams;
import io.keystash.vault.format.SlotKind;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.Passphrase;
import io.keystash.vault.unlock.SessionCredential;
import io.keystash.vault.unlock.SlotKey;
import io.keystash.vault.unlock.UnlockRequest;
import io.keystash.vault.unlock.UnlockSources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The unlock session in this JVM (a thread serving, clients in the test): what it opens, what
 * survives a rekey, what locks it out, how it ends, and the files it keeps. Another user's
 * refusal needs a second uid: it-tests' UnlockSessionIT.
 */
class SessionServerTest {
    private static final Argon2idParams FAST_KDF = new Argon2idParams(64, 1, 1);
    private static final String PASS = "the vault's passphrase";
    private static final String VALUE = "sk-session-value-0123456789";

    @TempDir
    Path dir;

    private VaultPaths paths;
    private SessionPlace place;
    private final List<SessionServer> servers = new ArrayList<>();
    private final List<CompletableFuture<String>> serving = new ArrayList<>();

    @BeforeEach
    void aVaultWithAPassphraseAndAKeyFile() throws Exception {
        paths = VaultPaths.of(dir.resolve("vault"), dir.resolve("home"));
        Files.createDirectories(dir.resolve("home"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        place = SessionPlace.of(paths, Map.of());
        VaultStore store = VaultStore.at(paths);
        try (Passphrase pass = passphrase(); KeyFileKey key = KeyFileKey.generate()) {
            key.writeNew(dir.resolve("app.key"));
            store.create(List.of(pass, key), List.of("me", "ci"), FAST_KDF);
            store.update(pass, vault -> vault.storeKey("openai", KeyMetadata.builder().build(),
                    Secret.ofUtf8(VALUE.getBytes(StandardCharsets.UTF_8)), "test"));
        }
    }

    @AfterEach
    void endSessions() throws Exception {
        for (SessionServer server : servers) {
            server.end("test over");
        }
        for (CompletableFuture<String> future : serving) {
            future.get(10, TimeUnit.SECONDS);
        }
    }

    private static Passphrase passphrase() {
        return new Passphrase(PASS.toCharArray(), "test passphrase");
    }

    private SessionServer start(Credential credential, SessionServer.Limits limits) throws VaultException {
        SessionKeys.Prepared prepared = SessionKeys.prepare(paths, credential, Clock.systemUTC());
        SessionServer server = SessionServer.bind(place, prepared.key(), prepared.vaultId(), limits, Duration.ZERO, Clock.systemUTC());
        servers.add(server);
        serving.add(CompletableFuture.supplyAsync(server::serve));
        return server;
    }

    private SessionServer startWithPassphrase() throws VaultException {
        try (Passphrase pass = passphrase()) {
            return start(pass, new SessionServer.Limits(Duration.ofMinutes(5), null));
        }
    }

    private UnlockRequest sessionRequest(Map<String, String> env) {
        return new UnlockRequest(null, null, null, null, paths, env);
    }

    /** Reads openai's value through whatever the request resolves to; true when it is the stored value. */
    private boolean readsTheValue(UnlockRequest request) throws VaultException {
        try (Credential credential = UnlockSources.resolve(request).orElseThrow();
             Vault vault = VaultReader.open(paths, credential, Clock.systemUTC());
             Secret value = vault.value("openai");
             Secret expected = Secret.ofUtf8(VALUE.getBytes(StandardCharsets.UTF_8))) {
            return value.sameValueAs(expected);
        }
    }

    @Test
    void aClientOpensTheVaultThroughTheSessionWithNothingElse() throws Exception {
        startWithPassphrase();
        try (Credential credential = UnlockSources.resolve(sessionRequest(Map.of())).orElseThrow()) {
            assertThat(credential).isInstanceOf(SessionCredential.class);
            assertThat(credential.origin()).isEqualTo("unlock session " + place.socket());
        }
        assertThat(readsTheValue(sessionRequest(Map.of()))).isTrue();
        try (SessionClient client = SessionClient.connect(place)) {
            SessionStatus status = client.status();
            assertThat(status.kind()).isEqualTo(SlotKind.PASSPHRASE);
            assertThat(status.origin()).isEqualTo("test passphrase");
            assertThat(status.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(status.endsAt()).isEqualTo(status.until());
        }
    }

    @Test
    void aSessionComesAfterThePassphraseSourcesAndBeforeApiKeyMaster() throws Exception {
        startWithPassphrase();
        Path passFile = Files.writeString(dir.resolve("pass"), PASS);
        Map<String, String> env = Map.of("API_KEY_MASTER", "not the passphrase");
        try (Credential credential = UnlockSources.resolve(sessionRequest(env)).orElseThrow()) {
            assertThat(credential).as("the session before API_KEY_MASTER").isInstanceOf(SessionCredential.class);
        }
        try (Credential credential = UnlockSources.resolve(new UnlockRequest(null, null, passFile, null, paths, env)).orElseThrow()) {
            assertThat(credential).as("a passphrase file before the session").isInstanceOf(Passphrase.class);
        }
        try (Credential credential = UnlockSources.resolve(new UnlockRequest(null, null, null, null, null, env)).orElseThrow()) {
            assertThat(credential.origin()).as("no session asked (agent session=off)").isEqualTo("API_KEY_MASTER");
        }
    }

    @Test
    void aKeyFileSessionWorksToo() throws Exception {
        try (KeyFileKey key = KeyFileKey.read(dir.resolve("app.key"))) {
            start(key, new SessionServer.Limits(Duration.ofMinutes(5), null));
        }
        assertThat(readsTheValue(sessionRequest(Map.of()))).isTrue();
        try (SessionClient client = SessionClient.connect(place)) {
            assertThat(client.status().kind()).isEqualTo(SlotKind.KEY_FILE);
        }
    }

    @Test
    void aRekeyByAnotherMemberLeavesTheSessionWorking() throws Exception {
        startWithPassphrase();
        try (KeyFileKey key = KeyFileKey.read(dir.resolve("app.key"))) {
            try (KeyFileKey laptop = KeyFileKey.generate()) {
                VaultStore.at(paths).update(key, vault -> vault.addMember("laptop", laptop));
            }
            VaultStore.at(paths).update(key, vault -> vault.removeMember("laptop", SlotKind.KEY_FILE));
        }
        assertThat(readsTheValue(sessionRequest(Map.of()))).as("after a new data key, re-wrapped to the same public key").isTrue();
    }

    @Test
    void aNewPassphraseLocksTheSessionOut() throws Exception {
        startWithPassphrase();
        try (Passphrase pass = passphrase(); Passphrase next = new Passphrase("another one".toCharArray(), "test")) {
            VaultStore.at(paths).update(pass, vault -> {
                vault.replacePassphrase(next, FAST_KDF, true);
                return null;
            });
        }
        assertThatThrownBy(() -> readsTheValue(sessionRequest(Map.of())))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.WRONG_KEY))
                .hasMessageContaining("no longer opens it").hasMessageContaining("keystash unlock --replace");
    }

    @Test
    void anotherVaultAtTheSamePathIsRefused() throws Exception {
        startWithPassphrase();
        Files.delete(paths.vaultFile());
        VaultStore.at(paths).create(List.<Credential>of(passphrase()), List.of("me"), FAST_KDF);
        assertThatThrownBy(() -> readsTheValue(sessionRequest(Map.of())))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.WRONG_KEY))
                .hasMessageContaining("another vault");
    }

    @Test
    void itEndsAtItsLifetimeWipingItsKeyAndRemovingItsSocket() throws Exception {
        SessionKeys.Prepared prepared;
        try (Passphrase pass = passphrase()) {
            prepared = SessionKeys.prepare(paths, pass, Clock.systemUTC());
        }
        SlotKey key = prepared.key();
        SessionServer server = SessionServer.bind(place, key, prepared.vaultId(),
                new SessionServer.Limits(Duration.ofMillis(400), null), Duration.ZERO, Clock.systemUTC());
        String reason = CompletableFuture.supplyAsync(server::serve).get(10, TimeUnit.SECONDS);
        assertThat(reason).contains("--for");
        assertThat(key.privateKey()).as("wiped").containsOnly(0);
        assertThat(place.socketPresent()).isFalse();
        assertThat(SessionClient.connect(place)).isNull();
        assertThat(UnlockSources.resolve(sessionRequest(Map.of()))).as("no session: nothing to unlock with").isEmpty();
    }

    @Test
    void useKeepsAnIdleLimitedSessionAliveAndDisuseEndsIt() throws Exception {
        SessionServer server;
        try (Passphrase pass = passphrase()) {
            server = start(pass, new SessionServer.Limits(Duration.ofMinutes(5), Duration.ofMillis(700)));
        }
        for (int i = 0; i < 6; i++) {
            Thread.sleep(250);
            assertThat(readsTheValue(sessionRequest(Map.of()))).as("request %d", i).isTrue();
        }
        assertThat(server.status().endsAt()).isBefore(server.status().until());
        String reason = serving.get(0).get(10, TimeUnit.SECONDS);
        assertThat(reason).contains("unused for 700ms");
        assertThat(place.socketPresent()).isFalse();
    }

    @Test
    void stopEndsItAndSigtermsHookWaitsForTheWipe() throws Exception {
        startWithPassphrase();
        try (SessionClient client = SessionClient.connect(place)) {
            client.stop();
        }
        assertThat(serving.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("keystash lock");
        assertThat(SessionClient.connect(place)).isNull();

        SessionServer second = startWithPassphrase();
        second.endAndWait("SIGTERM");
        assertThat(place.socketPresent()).as("removed before endAndWait returns").isFalse();
        assertThat(serving.get(1).get(10, TimeUnit.SECONDS)).isEqualTo("SIGTERM");
    }

    @Test
    void oneSessionPerVaultAndAStaleSocketIsNoSession() throws Exception {
        startWithPassphrase();
        try (Passphrase pass = passphrase()) {
            assertThatThrownBy(() -> start(pass, new SessionServer.Limits(Duration.ofMinutes(1), null)))
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.ALREADY_EXISTS))
                    .hasMessageContaining("runs already");
        }
        assertThat(readsTheValue(sessionRequest(Map.of()))).as("the first one still serves").isTrue();
        assertThat(SessionClient.running(place)).as("its lock is held").isTrue();
        servers.get(0).end("test");
        serving.get(0).get(10, TimeUnit.SECONDS);
        assertThat(SessionClient.running(place)).as("the lock is free once it ended").isFalse();

        // What a killed session leaves: a socket file nobody listens on.
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(place.socket()));
        }
        assertThat(place.socketPresent()).isTrue();
        assertThat(SessionClient.connect(place)).as("a stale socket").isNull();
        Map<String, String> env = Map.of("API_KEY_MASTER", PASS);
        try (Credential credential = UnlockSources.resolve(sessionRequest(env)).orElseThrow()) {
            assertThat(credential.origin()).as("falls through to the next source").isEqualTo("API_KEY_MASTER");
        }
        startWithPassphrase();
        assertThat(readsTheValue(sessionRequest(Map.of()))).as("a new session replaced the stale socket").isTrue();
    }

    @Test
    void whetherOneRunsCannotBeToldWithoutItsLockFile() throws Exception {
        assertThat(SessionClient.running(place)).isNull();
        assertThat(UnlockSources.resolve(sessionRequest(Map.of()))).as("no socket, no session").isEmpty();
    }

    @Test
    void itsFolderIsTheOwnersAloneAndItsFilesToo() throws Exception {
        Files.createDirectories(place.folder());
        Files.setPosixFilePermissions(place.folder(), PosixFilePermissions.fromString("rwxr-xr-x"));
        startWithPassphrase();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(place.folder()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(place.socket()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(place.lockFile()))).isEqualTo("rw-------");
        assertThat(place.socket().getFileName().toString()).matches("vault-[0-9a-f]{24}\\.sock");
        assertThat(place.folder()).isEqualTo(dir.resolve("home").resolve("run"));
    }

    @Test
    void aClientRefusesAFolderOthersMayWriteTo() throws Exception {
        startWithPassphrase();
        Files.setPosixFilePermissions(place.folder(), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> SessionClient.connect(place))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.IO))
                .hasMessageContaining("unlock session folder").hasMessageContaining("writable by other users");
        Files.setPosixFilePermissions(place.folder(), PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void theRuntimeFolderIsPreferredWhenItExists() throws Exception {
        Path runtime = Files.createDirectory(dir.resolve("runtime"));
        assertThat(SessionPlace.of(paths, Map.of("XDG_RUNTIME_DIR", runtime.toString())).folder())
                .isEqualTo(runtime.resolve("keystash"));
        assertThat(SessionPlace.of(paths, Map.of("XDG_RUNTIME_DIR", dir.resolve("absent").toString())).folder())
                .as("a runtime folder that does not exist").isEqualTo(dir.resolve("home").resolve("run"));
        assertThat(SessionPlace.of(VaultPaths.of(dir.resolve("sub/../vault"), dir.resolve("home")), Map.of()).socket())
                .as("one vault, one place, however it is named").isEqualTo(place.socket());
    }

    @Test
    void aSocketPathTooLongForUnixSocketsIsRefusedClearly() throws Exception {
        Path deep = dir.resolve("h".repeat(100));
        SessionPlace far = SessionPlace.of(VaultPaths.of(paths.vaultFile(), deep), Map.of());
        try (Passphrase pass = passphrase()) {
            SessionKeys.Prepared prepared = SessionKeys.prepare(paths, pass, Clock.systemUTC());
            assertThatThrownBy(() -> SessionServer.bind(far, prepared.key(), prepared.vaultId(),
                    new SessionServer.Limits(Duration.ofMinutes(1), null), Duration.ZERO, Clock.systemUTC()))
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.IO))
                    .hasMessageContaining("XDG_RUNTIME_DIR");
        }
    }

    @Test
    void garbageFromAClientGetsARefusalAndTheSessionServesOn() throws Exception {
        startWithPassphrase();
        try (SocketChannel raw = SocketChannel.open(UnixDomainSocketAddress.of(place.socket()))) {
            raw.write(ByteBuffer.allocate(8).putInt(4).put(new byte[] {9, 9, 9, 9}).flip());
            ByteBuffer reply = ByteBuffer.allocate(5);
            while (reply.hasRemaining() && raw.read(reply) >= 0) {
                // read the whole reply
            }
            assertThat(reply.flip().getInt()).isEqualTo(1);
            assertThat(reply.get()).as("BAD_REQUEST").isEqualTo((byte) SessionProtocol.BAD_REQUEST);
        }
        try (SocketChannel huge = SocketChannel.open(UnixDomainSocketAddress.of(place.socket()))) {
            huge.write(ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).flip());
            assertThat(huge.read(ByteBuffer.allocate(1))).as("closed on an oversized frame").isEqualTo(-1);
        }
        assertThat(readsTheValue(sessionRequest(Map.of()))).isTrue();
    }
}
