package io.keystash.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import io.keystash.remote.store.SharedVault;
import io.keystash.vault.format.VaultId;
import io.keystash.vault.health.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The remote's lines of {@code keystash doctor}: no store set, a store that does not answer (a
 * port nobody listens on), and each standing of a replica against its store, with the command
 * that fixes it. (Against a real etcd, the shared vault's own it-tests cover the status it reads.)
 */
class RemoteCheckTest {
    private static final String URL = "etcd://10.0.0.5:2379/team";
    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");
    private static final VaultId VAULT = VaultId.of(new byte[VaultId.BYTES]);
    private static final VaultId OTHER = VaultId.of(filled((byte) 7));

    @TempDir
    Path folder;

    private static byte[] filled(byte b) {
        byte[] bytes = new byte[VaultId.BYTES];
        java.util.Arrays.fill(bytes, b);
        return bytes;
    }

    private static List<String> lines(List<Finding> findings) {
        return findings.stream().map(f -> f.status().name().toLowerCase(java.util.Locale.ROOT) + " " + f.text()).toList();
    }

    private static SharedVault.Status status(String problem, long storeGeneration, VaultId storeVault, long replicaGeneration,
                                             VaultId replicaVault, Instant lastSync, boolean unpublished) {
        return new SharedVault.Status(URL, problem, 42, storeGeneration, storeVault, replicaGeneration, replicaVault, lastSync,
                unpublished);
    }

    @Test
    void eachStandingOfTheReplicaSaysWhatToRun() {
        Instant synced = NOW.minus(Duration.ofMinutes(3));
        assertThat(lines(RemoteCheck.findings(status(null, 9, VAULT, 9, VAULT, synced, false), NOW)))
                .containsExactly("ok shared store " + URL + ": the replica is up to date (last synced 3m ago)");
        assertThat(lines(RemoteCheck.findings(status(null, 12, VAULT, 9, VAULT, synced, false), NOW)))
                .containsExactly("fix the replica is 3 generations behind the shared store " + URL
                        + " (last synced 3m ago); catch up with: keystash pull");
        assertThat(lines(RemoteCheck.findings(status("connection refused", -1, null, 9, VAULT, null, true), NOW)))
                .containsExactly("fix shared store " + URL + " does not answer (connection refused); the replica was never "
                        + "synced; check the store and the network, then: keystash remote status",
                        "fix changes made offline are not in the shared store yet; publish them with: keystash push");
        assertThat(lines(RemoteCheck.findings(status(null, -1, null, 3, VAULT, null, false), NOW)))
                .containsExactly("fix shared store " + URL + " holds no copy of the vault yet; publish it with: keystash push");
        assertThat(lines(RemoteCheck.findings(status(null, 5, VAULT, -1, null, null, false), NOW)))
                .containsExactly("fix no replica of the shared store " + URL + " here yet; get it with: keystash pull");
        assertThat(lines(RemoteCheck.findings(status(null, 5, OTHER, 5, VAULT, synced, false), NOW)))
                .singleElement().asString().startsWith("fix the shared store " + URL + " holds another vault");
    }

    private static List<String> remoteArea(Result json) throws Exception {
        List<String> lines = new ArrayList<>();
        for (JsonNode finding : new ObjectMapper().readTree(json.out()).get("findings")) {
            if (finding.get("area").asText().equals(RemoteCheck.AREA)) {
                lines.add(finding.get("status").asText() + " " + finding.get("text").asText());
            }
        }
        return lines;
    }

    @Test
    void withoutAStoreItIsANoteAndAStoreThatDoesNotAnswerIsToFix() throws Exception {
        CliHarness cli = CliHarness.withVault(folder);
        cli.store("openai", "sk-remote-check-0123456789", "--provider", "openai");
        assertThat(remoteArea(cli.run("doctor", "--json"))).containsExactly("note no shared store: the vault lives on this "
                + "machine only (share it with: keystash remote set etcd://HOST:PORT/PREFIX)");

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String deadStore = "etcd://127.0.0.1:" + port + "/team";
        assertThat(cli.run("remote", "set", deadStore).status()).isZero();
        byte[] before = Files.readAllBytes(cli.vaultFile());
        Result json = cli.run("doctor", "--json");
        assertThat(json.status()).isEqualTo(1);
        assertThat(remoteArea(json)).singleElement().asString().startsWith("fix shared store " + deadStore + " does not answer (")
                .endsWith("then: keystash remote status");
        assertThat(remoteArea(cli.run("--offline", "doctor", "--json")))
                .containsExactly("note shared store " + deadStore + " not contacted (--offline)");
        assertThat(Files.readAllBytes(cli.vaultFile())).as("doctor changes nothing").isEqualTo(before);
    }
}
