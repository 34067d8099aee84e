package io.keystash.it.session;

import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import io.keystash.it.support.OtherUser;
import io.keystash.it.support.ProcFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static io.keystash.it.session.SessionFixture.PASSPHRASE;
import static io.keystash.it.session.SessionFixture.VALUE;
import static io.keystash.it.session.SessionFixture.awaitGone;
import static io.keystash.it.session.SessionFixture.require;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code keystash unlock} and {@code lock} with the real launcher: a detached session process that
 * later commands use with no unlock variable and no prompt; its ends (--for, lock, SIGTERM,
 * SIGKILL and the next unlock), its files' modes, another user, and no secret in any process's
 * environment or command line.
 */
class UnlockSessionIT {
    @TempDir
    static Path folder;

    private static SessionFixture fixture;
    private static KeystashCli cli;

    @BeforeAll
    static void aVaultWithAPassphrase() {
        fixture = SessionFixture.create(folder);
        cli = fixture.cli;
    }

    @AfterEach
    void endSessions() {
        fixture.endSessions();
        cli.env("API_KEY_MASTER", null).env("API_KEY_MASTER_FILE", null).env("KEYSTASH_PASSPHRASE_COMMAND", null);
    }

    @Test
    void onceUnlockedCommandsNeedNoUnlockVariableAndNoPrompt() {
        Result locked = cli.run("get", "openai");
        // (a key stored below stays: the other tests read only openai)
        assertThat(locked.status()).as("before: %s", locked).isEqualTo(3);

        Result unlock = fixture.unlock("--for", "10m");
        assertThat(unlock.status()).as(unlock.toString()).isZero();
        assertThat(unlock.err()).startsWith("Unlocked " + cli.vaultFile() + " until ").contains("keystash lock ends it");

        Result get = cli.run("get", "openai");
        assertThat(get.status()).as(get.toString()).isZero();
        assertThat(get.out().equals(VALUE + "\n")).as("get prints the value").isTrue();
        require(cli.runWithInput("sk-second-value-abcdef0123456789", "store", "second", "--force"), "store through the session");
        require(cli.run("profile", "add-key", SessionFixture.PROFILE, "second", "--env", "SECOND_KEY"), "profile add-key");
        Result export = require(cli.run("profile", "load", SessionFixture.PROFILE, "--export"), "profile load");
        assertThat(export.out()).contains("export OPENAI_API_KEY=").contains("export SECOND_KEY=");
        Result list = require(cli.run("list"), "list");
        assertThat(list.out()).contains("openai").contains("second");

        Result status = require(cli.run("unlock", "--status"), "status");
        assertThat(status.out()).startsWith("unlocked: " + cli.vaultFile() + " until ")
                .contains("holds the passphrase key from passphrase file " + fixture.passphraseFile);
        for (KeystashCli.Run run : cli.history()) {
            assertThat(run.result().err().contains(PASSPHRASE)).as("the passphrase on stderr of %s", run.subcommand()).isFalse();
        }
    }

    @Test
    void explicitWaysStillComeFirst() {
        require(fixture.unlock(), "unlock");
        Result wrong = cli.run("--passphrase-command", "printf wrong-passphrase", "get", "openai");
        assertThat(wrong.status()).as("an explicit passphrase command wins over the session: %s", wrong).isEqualTo(3);
        assertThat(wrong.err()).contains("wrong passphrase or key");
        Result withMaster = cli.env("API_KEY_MASTER", "not-the-passphrase").run("get", "openai");
        assertThat(withMaster.status()).as("the session wins over API_KEY_MASTER: %s", withMaster).isZero();
    }

    @Test
    void aSecondUnlockIsRefusedUnlessReplace() throws Exception {
        require(fixture.unlock(), "unlock");
        long first = fixture.sessionPid();
        Result again = fixture.unlock();
        assertThat(again.status()).as(again.toString()).isEqualTo(5);
        assertThat(again.err()).contains("runs already").contains("--replace");
        Result replaced = fixture.unlock("--replace", "--for", "1h");
        assertThat(replaced.status()).as(replaced.toString()).isZero();
        long second = fixture.sessionPid();
        assertThat(second).isNotEqualTo(first);
        assertThat(awaitGone(first, Duration.ofSeconds(10))).as("the replaced session ended").isTrue();
        require(cli.run("get", "openai"), "get through the new session");
    }

    @Test
    void itEndsAtForAndAtLockAndTheVaultIsLockedAfterwards() throws Exception {
        require(fixture.unlock("--for", "3s"), "unlock --for 3s");
        long pid = fixture.sessionPid();
        require(cli.run("get", "openai"), "get while it holds");
        assertThat(awaitGone(pid, Duration.ofSeconds(15))).as("the session ended by itself").isTrue();
        Result afterFor = cli.run("get", "openai");
        assertThat(afterFor.status()).as(afterFor.toString()).isEqualTo(3);
        assertThat(afterFor.err()).startsWith("keystash: vault is locked");
        assertThat(cli.run("unlock", "--status").status()).isEqualTo(3);
        assertThat(Files.readString(fixture.logFile().orElseThrow())).contains("ended: its time (--for) was up");

        require(fixture.unlock(), "unlock again");
        long second = fixture.sessionPid();
        Result lock = require(cli.run("lock"), "lock");
        assertThat(lock.err()).contains("Locked " + cli.vaultFile());
        assertThat(awaitGone(second, Duration.ofSeconds(10))).isTrue();
        assertThat(cli.run("get", "openai").status()).as("after lock").isEqualTo(3);
        Result status = cli.run("unlock", "--status");
        assertThat(status.status()).isEqualTo(3);
        assertThat(status.err()).isEqualTo("keystash: no unlock session runs for " + cli.vaultFile() + "\n");
        assertThat(fixture.socket()).as("the socket went with it").isEmpty();
    }

    @Test
    void idleEndsAnUnusedSession() throws Exception {
        require(fixture.unlock("--for", "1h", "--idle", "2s"), "unlock --idle 2s");
        long pid = fixture.sessionPid();
        assertThat(awaitGone(pid, Duration.ofSeconds(15))).isTrue();
        assertThat(Files.readString(fixture.logFile().orElseThrow())).contains("ended: it was unused for 2s (--idle)");
    }

    @Test
    void aNewPassphraseEndsTheSessionThatHeldTheOldOnesKey() {
        require(fixture.unlock(), "unlock");
        Result passwd = cli.runWithInput("it-new-passphrase-456", "passwd", "--kdf", "pbkdf2");
        assertThat(passwd.status()).as("passwd unlocked through the session: %s", passwd).isZero();
        assertThat(passwd.err()).contains("Ended the unlock session");
        assertThat(cli.run("unlock", "--status").status()).isEqualTo(3);
        require(cli.runWithInput(PASSPHRASE, "--passphrase-command", "printf it-new-passphrase-456", "passwd", "--kdf", "pbkdf2"),
                "passwd back to the fixture's passphrase");
        require(cli.run("--passphrase-file", fixture.passphraseFile.toString(), "get", "openai"), "the old passphrase again");
    }

    @Test
    void aKilledSessionIsCleanedUpByTheNextUnlock() throws Exception {
        require(fixture.unlock(), "unlock");
        long pid = fixture.sessionPid();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        assertThat(awaitGone(pid, Duration.ofSeconds(10))).isTrue();
        assertThat(fixture.socket()).as("SIGKILL leaves the socket behind").isPresent();
        Result stale = cli.run("get", "openai");
        assertThat(stale.status()).as("a stale socket is no session: %s", stale).isEqualTo(3);
        assertThat(stale.err()).startsWith("keystash: vault is locked");

        Result again = fixture.unlock();
        assertThat(again.status()).as(again.toString()).isZero();
        assertThat(fixture.sessionPid()).isNotEqualTo(pid);
        require(cli.run("get", "openai"), "get through the new session");
    }

    @Test
    void doctorSaysWhetherASessionRunsAndThatItUnlocksThisShell() throws Exception {
        Result none = cli.run("doctor");
        assertThat(none.out()).as(none.toString())
                .contains("\nsession\n  note  no unlock session runs; to unlock once for a while: keystash unlock\n");
        require(fixture.unlock("--for", "10m"), "unlock");
        long pid = fixture.sessionPid();
        Result running = cli.run("doctor");
        assertThat(running.out()).as(running.toString())
                .contains("  note  this shell unlocks with the running unlock session (keystash unlock --status shows it)\n")
                .contains("\nsession\n  ok    unlocked: " + cli.vaultFile() + " until ")
                .contains("; holds the passphrase key from passphrase file " + fixture.passphraseFile + "; session process " + pid)
                .contains("profile 'dev': openai as OPENAI_API_KEY");
        assertThat(running.out().contains(VALUE) || running.err().contains(VALUE)).as("a value printed").isFalse();

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        assertThat(awaitGone(pid, Duration.ofSeconds(10))).isTrue();
        Result stale = cli.run("doctor");
        assertThat(stale.out()).as(stale.toString()).contains("\nsession\n  note  no unlock session runs (a killed one left "
                + fixture.socket().orElseThrow() + ", which the next keystash unlock removes)");
    }

    @Test
    void sigtermEndsItCleanly() throws Exception {
        require(fixture.unlock(), "unlock");
        long pid = fixture.sessionPid();
        ProcessHandle.of(pid).orElseThrow().destroy();
        assertThat(awaitGone(pid, Duration.ofSeconds(10))).isTrue();
        assertThat(fixture.socket()).as("removed on SIGTERM").isEmpty();
        assertThat(Files.readString(fixture.logFile().orElseThrow())).contains("ended: SIGTERM");
        assertThat(cli.run("get", "openai").status()).isEqualTo(3);
    }

    @Test
    void theFolderAndFilesAreTheUsersAlone() throws Exception {
        require(fixture.unlock(), "unlock");
        assertThat(mode(fixture.sessionFolder())).isEqualTo("rwx------");
        assertThat(mode(fixture.socket().orElseThrow())).isEqualTo("rw-------");
        assertThat(mode(fixture.lockFile().orElseThrow())).isEqualTo("rw-------");
        assertThat(mode(fixture.logFile().orElseThrow())).isEqualTo("rw-------");
        Object me = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assertThat(Files.getAttribute(fixture.socket().orElseThrow(), "unix:uid")).isEqualTo(me);
        assertThat(Files.getAttribute(fixture.sessionFolder(), "unix:uid")).isEqualTo(me);
        String log = Files.readString(fixture.logFile().orElseThrow());
        assertThat(log).contains("unlock session for " + cli.vaultFile() + " started");
        assertThat(log.contains(PASSPHRASE) || log.contains(VALUE)).as("a secret in the log").isFalse();
    }

    @Test
    void noSecretInTheEnvironmentOrCommandLineOfTheSessionOrItsClients() throws Exception {
        assumeTrue(ProcFiles.available(), "no /proc here: environment check skipped");
        // Unlocked through the variables, which the session process must not inherit.
        cli.env("API_KEY_MASTER_FILE", fixture.passphraseFile.toString())
                .env("KEYSTASH_PASSPHRASE_COMMAND", "cat " + fixture.passphraseFile);
        Result unlock = cli.run("unlock");
        assertThat(unlock.status()).as(unlock.toString()).isZero();
        long pid = fixture.sessionPid();
        cli.env("API_KEY_MASTER_FILE", null).env("KEYSTASH_PASSPHRASE_COMMAND", null);
        byte[] environ = ProcFiles.environ(pid);
        byte[] cmdline = ProcFiles.cmdline(pid);
        for (String secret : new String[] {PASSPHRASE, VALUE, "API_KEY_MASTER", "KEYSTASH_PASSPHRASE_COMMAND",
            "KEYSTASH_KEY_FILE", "KEYSTASH_IDENTITY", fixture.passphraseFile.toString()}) {
            assertThat(ProcFiles.contains(environ, secret)).as("session environ holds an unlock secret or variable").isFalse();
            assertThat(ProcFiles.contains(cmdline, secret)).as("session cmdline holds an unlock secret or variable").isFalse();
        }
        assertThat(ProcFiles.contains(cmdline, "session-serve")).isTrue();

        // A client that unlocked through the session: keystash run, while its program runs.
        Process client = cli.start("run", "--profile", SessionFixture.PROFILE, "--", "sleep", "30");
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            // The launcher's own children (sed, cat) come and go first: wait for the program itself.
            while (!runsSleep(client) && client.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(runsSleep(client)).as("keystash run started its program (client alive: %s)", client.isAlive()).isTrue();
            byte[] clientEnviron = ProcFiles.environ(client.pid());
            byte[] clientCmdline = ProcFiles.cmdline(client.pid());
            for (String secret : new String[] {PASSPHRASE, VALUE}) {
                assertThat(ProcFiles.contains(clientEnviron, secret)).as("client environ").isFalse();
                assertThat(ProcFiles.contains(clientCmdline, secret)).as("client cmdline").isFalse();
            }
        } finally {
            client.descendants().forEach(ProcessHandle::destroyForcibly);
            client.destroyForcibly().waitFor();
        }
    }

    @Test
    void anotherUserGetsNothingAndIsLogged() throws Exception {
        OtherUser.assumeAvailable();
        require(fixture.unlock(), "unlock");
        Path socket = fixture.socket().orElseThrow();
        Path client = rawClient();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Let the other user walk to the session's folder (the test's folders are 0700).
        for (Path p = fixture.sessionFolder().getParent(); p != null && p.startsWith(folder.getParent()); p = p.getParent()) {
            if (Files.getPosixFilePermissions(p).stream().noneMatch(x -> x.name().equals("OTHERS_EXECUTE"))) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
            }
        }
        // As made: the folder is 0700, so the other user cannot even reach the socket.
        OtherUser.run(java + " -XX:-UsePerfData " + client + " " + socket + " denied");
        // Modes loosened by mistake: the socket is reachable, and the peer check alone refuses.
        Files.setPosixFilePermissions(fixture.sessionFolder(), PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        OtherUser.run(java + " -XX:-UsePerfData " + client + " " + socket + " closed");
        String log = Files.readString(fixture.logFile().orElseThrow());
        assertThat(log).contains("refused a connection from user nobody");
        require(cli.run("get", "openai"), "the session still serves its own user");
    }

    private static boolean runsSleep(Process client) {
        return client.children().anyMatch(child -> child.info().command().map(c -> c.endsWith("/sleep")).orElse(false));
    }

    /** A Java source file any user can run: connects, asks for the status, reports what came back. */
    private Path rawClient() throws Exception {
        Path dir = Files.createDirectories(folder.resolve("shared"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path source = dir.resolve("RawClient.java");
        Files.writeString(source, """
                import java.net.UnixDomainSocketAddress;
                import java.nio.ByteBuffer;
                import java.nio.channels.SocketChannel;
                import java.nio.file.Path;

                public class RawClient {
                    public static void main(String[] args) throws Exception {
                        String expected = args[1];
                        SocketChannel channel;
                        try {
                            channel = SocketChannel.open(UnixDomainSocketAddress.of(Path.of(args[0])));
                        } catch (java.io.IOException e) {
                            System.out.println("connect failed: " + e.getMessage());
                            System.exit(expected.equals("denied") ? 0 : 1);
                            return;
                        }
                        int read;
                        try {
                            channel.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 2, 1, 1}));
                            read = channel.read(ByteBuffer.allocate(512));
                        } catch (java.io.IOException e) {
                            read = -1;
                        }
                        System.out.println(read < 0 ? "closed without a reply" : "got a reply of " + read + " bytes");
                        System.exit(expected.equals("closed") && read < 0 ? 0 : 1);
                    }
                }
                """, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rw-r--r--"));
        return source;
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
