package io.keystash.it.shared;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystash.it.support.EtcdCluster;
import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code keystash doctor}'s remote lines against a real etcd (one member on loopback), with the
 * real launcher: a replica up to date, one behind after another machine's change (exit 1, "catch
 * up with: keystash pull"), caught up again; a change made offline and not published ("keystash
 * push"), then published.
 */
class DoctorRemoteIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EtcdCluster cluster;

    @TempDir
    Path folder;

    @BeforeAll
    static void startEtcd() {
        cluster = EtcdCluster.start("doctor-remote-it", 1, null);
    }

    @AfterAll
    static void stopEtcd() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Result ok(Result result) {
        assertThat(result.status()).as(result.toString()).isZero();
        return result;
    }

    /** The remote area of {@code doctor --json} as "status text" lines, and its exit status first. */
    private static List<String> remote(KeystashCli machine) throws Exception {
        Result doctor = machine.run("doctor", "--json");
        List<String> lines = new ArrayList<>();
        lines.add("exit " + doctor.status());
        for (JsonNode finding : JSON.readTree(doctor.out()).get("findings")) {
            if (finding.get("area").asText().equals("remote")) {
                lines.add(finding.get("status").asText() + " " + finding.get("text").asText());
            }
        }
        return lines;
    }

    @Test
    void theReplicasLagIsReportedWithTheCommandThatEndsIt() throws Exception {
        String store = cluster.url("doctor");
        KeystashCli alice = KeystashCli.withVault(folder.resolve("alice"));
        ok(alice.runWithInput("sk-doctor-remote-0001", "setup", "openai"));
        ok(alice.run("remote", "set", store));
        ok(alice.run("push"));
        KeystashCli bob = new KeystashCli(folder.resolve("bob")).env("KEYSTASH_KEY_FILE", alice.keyFile().toString());
        ok(bob.run("remote", "set", store));
        ok(bob.run("pull"));

        assertThat(remote(bob)).element(1).asString().startsWith("ok shared store " + store + ": the replica is up to date (last synced ");
        assertThat(remote(bob).get(0)).isEqualTo("exit 0");

        ok(alice.runWithInput("sk-doctor-remote-0002", "rotate", "openai"));
        List<String> behind = remote(bob);
        assertThat(behind.get(0)).isEqualTo("exit 1");
        assertThat(behind).hasSize(2).element(1).asString().startsWith("fix the replica is ").contains(" behind the shared store " + store)
                .endsWith("; catch up with: keystash pull");

        ok(bob.run("pull"));
        assertThat(remote(bob)).element(1).asString().startsWith("ok shared store " + store + ": the replica is up to date");

        ok(bob.runWithInput("sk-doctor-remote-offline", "--offline", "store", "written-offline"));
        List<String> unpublished = remote(bob);
        assertThat(unpublished.get(0)).isEqualTo("exit 1");
        assertThat(unpublished).contains("fix changes made offline are not in the shared store yet; publish them with: keystash push");
        ok(bob.run("push"));
        List<String> published = remote(bob);
        assertThat(published).hasSize(2).first().isEqualTo("exit 0");
        assertThat(published.get(1)).startsWith("ok shared store " + store + ": the replica is up to date");
    }
}
