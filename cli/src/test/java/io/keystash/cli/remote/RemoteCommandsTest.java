package io.keystash.cli.remote;

import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared-vault commands without a store: the setting, its refusals, and what a replica does
 * when its store cannot be reached (a port nobody listens on). The store itself: it-tests.
 */
class RemoteCommandsTest {
    @TempDir
    Path folder;

    private CliHarness alice;
    private String deadStore;

    @BeforeEach
    void aVaultAndAPortNobodyListensOn() throws IOException {
        alice = CliHarness.withVault(folder);
        alice.store("openai", "sk-openai-1");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        deadStore = "etcd://127.0.0.1:" + port + "/team";
    }

    @Test
    void theSettingIsKeptInTheHomeShownWithoutSecretsAndRemoved() throws Exception {
        Path passwordFile = Files.writeString(folder.resolve("etcd.pass"), "hunter2-etcd\n");
        Result set = alice.run("remote", "set", deadStore, "--user", "keystash", "--password-file", passwordFile.toString());
        assertThat(set.status()).as(set.toString()).isZero();
        assertThat(set.err()).contains("Shared store set: " + deadStore).contains("does not answer now");
        Path file = alice.home().resolve("remote");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Result shown = alice.run("remote", "show");
        assertThat(shown.out()).contains(deadStore).contains("user           keystash").doesNotContain("hunter2");
        assertThat(Files.readString(file)).doesNotContain("hunter2");
        assertThat(alice.run("remote", "unset").status()).isZero();
        assertThat(alice.run("remote", "show").status()).isEqualTo(4);
        assertThat(alice.run("remote", "unset").status()).isEqualTo(4);
    }

    @Test
    void aBadAddressOrOptionIsRefusedAndNothingIsSet() {
        for (String[] args : new String[][] {
            {"remote", "set", "http://127.0.0.1:2379/team"},
            {"remote", "set", "etcd://127.0.0.1:2379"},
            {"remote", "set", "etcd://127.0.0.1:70000/team"},
            {"remote", "set", "etcd://127.0.0.1:2379/team", "--cert", "c.pem"},
            {"remote", "set", "etcd://127.0.0.1:2379/team", "--user", "u"}}) {
            Result refused = alice.run(args);
            assertThat(refused.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(refused.err().strip().lines().count()).isEqualTo(1);
        }
        Result missingFile = alice.run("remote", "set", deadStore, "--cacert", folder.resolve("absent.pem").toString());
        assertThat(missingFile.status()).isEqualTo(4);
        assertThat(Files.exists(alice.home().resolve("remote"))).isFalse();
    }

    @Test
    void remoteSetWorksBeforeThereIsAVault() {
        CliHarness bob = new CliHarness(folder.resolve("bob"));
        assertThat(bob.run("remote", "set", deadStore).status()).isZero();
        assertThat(Files.exists(bob.home().resolve("remote"))).isTrue();
        Result pull = bob.run("pull");
        assertThat(pull.status()).as("no unlock source and no terminal").isEqualTo(3);
    }

    @Test
    void withTheStoreUnreachableReadsWorkAndWritesFailUnlessOffline() throws Exception {
        assertThat(alice.run("remote", "set", deadStore).status()).isZero();
        byte[] before = alice.vaultBytes();

        Result get = alice.run("get", "openai");
        assertThat(get.status()).isZero();
        assertThat(get.out().strip()).isEqualTo("sk-openai-1");

        Result refused = alice.runWithInput("new-value", "store", "other");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(6);
        assertThat(refused.err()).contains("unreachable").contains("nothing was written").contains("--offline");
        assertThat(refused.err().strip().lines().count()).isEqualTo(1);
        assertThat(alice.vaultBytes()).isEqualTo(before);

        Result offline = alice.runWithInput("new-value", "--offline", "store", "other");
        assertThat(offline.status()).as(offline.toString()).isZero();
        assertThat(alice.run("get", "other").out().strip()).isEqualTo("new-value");
        Result status = alice.run("remote", "status", "--json");
        assertThat(status.status()).isZero();
        assertThat(status.out()).contains("\"reachable\" : false").contains("\"unpublished\" : true");
        assertThat(alice.run("push").status()).isEqualTo(6);
        assertThat(alice.run("sync").status()).isEqualTo(6);
    }

    @Test
    void theRemoteFollowsOnlyTheVaultItWasSetFor() {
        assertThat(alice.run("remote", "set", deadStore).status()).isZero();
        Path other = folder.resolve("other.ks");
        assertThat(alice.run("--vault", other.toString(), "init", "--key-file", folder.resolve("other.key").toString()).status())
                .isZero();
        Result local = alice.runWithInput("v", "--vault", other.toString(), "--key-file", folder.resolve("other.key").toString(),
                "store", "k");
        assertThat(local.status()).as("another vault on this machine stays local: " + local).isZero();
        Result pull = alice.run("--vault", other.toString(), "pull");
        assertThat(pull.status()).isEqualTo(2);
        assertThat(pull.err()).contains("is set for vault");
    }

    @Test
    void aWatchCheckIntervalOutsideItsRangeIsRefused() {
        assertThat(alice.run("remote", "set", deadStore).status()).isZero();
        assertThat(alice.run("sync", "--watch", "--check-every", "1s").status()).isEqualTo(2);
        assertThat(alice.run("sync", "--watch", "--check-every", "soon").status()).isEqualTo(2);
    }
}
