package io.keystash.it.shared;

import io.keystash.it.agent.programs.EnvProbe;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.EtcdCluster;
import io.keystash.it.support.Hashes;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import io.keystash.it.support.ProcessResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vault shared through a real 3-member etcd cluster on loopback, with the real launcher and
 * the real agent jar. Each {@code KEYSTASH_HOME} plays a machine; each test uses a prefix of its
 * own in the one cluster the class starts (and always stops).
 */
class SharedVaultIT {
    private static EtcdCluster cluster;

    @TempDir
    Path folder;

    @BeforeAll
    static void startCluster() {
        cluster = EtcdCluster.start("shared-vault-it");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void alicePublishesAndBobsAgentReadsTheKeysFromTheReplicaHePulled() throws Exception {
        KeystashCli alice = founder("alice", "team-a");
        ok(alice.runWithInput("sk-openai-shared-0001", "store", "openai", "--provider", "openai"));
        ok(alice.run("profile", "create", "prod"));
        ok(alice.run("profile", "add-key", "prod", "openai"));

        KeystashCli bob = joiner("bob", alice, "team-a");
        assertThat(Hashes.sha256Hex(value(bob, "openai"))).isEqualTo(Hashes.sha256Hex("sk-openai-shared-0001"));
        for (Jdk jdk : Jdks.present()) {
            ProcessResult served = agentJvm(jdk, bob, "");
            assertThat(served.exitCode()).as(jdk + ": " + served).isZero();
            assertThat(served.report().get("getenv.OPENAI_API_KEY")).as(jdk.toString()).isEqualTo(Hashes.of("sk-openai-shared-0001"));
            assertThat(served.stdout() + served.stderr()).doesNotContain("sk-openai-shared-0001");
        }

        // etcd holds ciphertext and hashes only: no name, no value, no member
        for (Map.Entry<String, byte[]> entry : cluster.dump("team-a/").entrySet()) {
            String both = entry.getKey() + new String(entry.getValue(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(both).doesNotContain("openai").doesNotContain("OPENAI_API_KEY").doesNotContain("prod")
                    .doesNotContain("bob").doesNotContain("sk-openai-shared");
            assertThat(entry.getKey()).matches("team-a/(m|b/[0-9a-f]{64}(/[0-9]+)?)");
        }
    }

    @Test
    void aStaleMachineLandsChangesToOtherKeysAndIsRefusedOnTheSameKey() throws Exception {
        KeystashCli alice = founder("alice", "team-b");
        ok(alice.runWithInput("value-one", "store", "shared-key"));
        KeystashCli bob = joiner("bob", alice, "team-b");

        ok(alice.runWithInput("alice-rotated", "rotate", "shared-key"));
        Result conflict = bob.runWithInput("bob-rotated", "rotate", "shared-key");
        assertThat(conflict.status()).as(conflict.toString()).isEqualTo(5);
        assertThat(conflict.err()).contains("'shared-key'").contains("changed on the store by").contains("since your last pull");
        assertThat(conflict.err().strip().lines().count()).isEqualTo(1);
        assertThat(value(bob, "shared-key")).as("bob's replica now holds alice's version").isEqualTo("alice-rotated");

        ok(alice.runWithInput("alice-new", "store", "alice-key"));
        Result landed = bob.runWithInput("bob-new", "store", "bob-key");
        assertThat(landed.status()).as("a change to another key lands after an automatic re-pull: " + landed).isZero();
        ok(alice.run("pull"));
        assertThat(value(alice, "shared-key")).isEqualTo("alice-rotated");
        assertThat(value(alice, "bob-key")).isEqualTo("bob-new");
        assertThat(value(bob, "alice-key")).isEqualTo("alice-new");
    }

    @Test
    void fourMachinesStoringAtOnceLoseNothing() throws Exception {
        KeystashCli alice = founder("alice", "team-c");
        List<KeystashCli> machines = new ArrayList<>(List.of(alice));
        for (String name : List.of("bob", "carol", "dave")) {
            machines.add(joiner(name, alice, "team-c"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Result>> runs = new ArrayList<>();
            for (int k = 0; k < 25; k++) {
                for (int m = 0; m < machines.size(); m++) {
                    KeystashCli machine = machines.get(m);
                    String name = "m" + m + "-key-" + k;
                    runs.add(pool.submit(() -> machine.runWithInput("value-of-" + name, "store", name)));
                }
            }
            for (Future<Result> run : runs) {
                ok(run.get(5, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
        for (KeystashCli machine : machines) {
            ok(machine.run("sync"));
            Set<String> names = keyNames(machine);
            assertThat(names).hasSize(100);
            assertThat(value(machine, "m3-key-24")).isEqualTo("value-of-m3-key-24");
        }
    }

    @Test
    void readsGoOnWithoutTheClusterAndWritesWaitForAQuorum() throws Exception {
        KeystashCli alice = founder("alice", "team-d");
        ok(alice.runWithInput("before", "store", "k1"));
        KeystashCli bob = joiner("bob", alice, "team-d");
        try {
            cluster.stop(0);
            ok(alice.runWithInput("one-member-down", "store", "k2"));
            ok(bob.run("pull"));
            assertThat(value(bob, "k2")).isEqualTo("one-member-down");

            cluster.stop(1);
            byte[] replicaBefore = Files.readAllBytes(alice.vaultFile());
            long start = System.nanoTime();
            Result refused = alice.runWithInput("no-quorum", "store", "k3");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(refused.status()).as(refused.toString()).isEqualTo(6);
            assertThat(millis).as("the write gives up within 10 s").isLessThan(10_000);
            assertThat(refused.err().strip().lines().count()).isEqualTo(1);
            assertThat(refused.err()).contains("unreachable").contains("nothing was written");
            assertThat(Files.readAllBytes(alice.vaultFile())).as("the replica is unchanged").isEqualTo(replicaBefore);
            assertThat(value(alice, "k2")).isEqualTo("one-member-down");
            assertThat(value(bob, "k1")).isEqualTo("before");
            assertThat(alice.run("get", "k3").status()).isEqualTo(4);
            assertThat(ok(alice.run("remote", "status")).out()).contains("unreachable");
        } finally {
            cluster.restart(0);
            cluster.restart(1);
            cluster.awaitHealthy();
        }
        ok(alice.runWithInput("after", "store", "k3"));
        ok(bob.run("sync"));
        ok(alice.run("sync"));
        for (KeystashCli machine : List.of(alice, bob)) {
            assertThat(keyNames(machine)).containsExactlyInAnyOrder("k1", "k2", "k3");
            String status = ok(machine.run("remote", "status", "--json")).out();
            assertThat(status).contains("\"behind\" : 0").contains("\"reachable\" : true");
        }
        assertThat(Files.readAllBytes(bob.vaultFile())).isEqualTo(Files.readAllBytes(alice.vaultFile()));
    }

    @Test
    void aTamperedOrOlderCopyInTheStoreIsRefusedAndTheReplicaKept() throws Exception {
        KeystashCli alice = founder("alice", "team-e");
        ok(alice.runWithInput("x", "store", "first"));
        KeystashCli bob = joiner("bob", alice, "team-e");
        Map<String, byte[]> older = cluster.dump("team-e/");

        ok(alice.runWithInput("y", "store", "second"));
        Map<String, byte[]> newer = cluster.dump("team-e/");
        List<String> added = new ArrayList<>();
        for (String key : newer.keySet()) {
            if (!older.containsKey(key) && !key.endsWith("/m")) {
                added.add(key);
            }
        }
        assertThat(added).isNotEmpty();
        byte[] bobsReplica = Files.readAllBytes(bob.vaultFile());

        // a group's bytes changed in etcd
        byte[] tampered = newer.get(added.get(0)).clone();
        tampered[tampered.length / 2] ^= 1;
        cluster.put(added.get(0), tampered);
        Result refused = bob.run("pull");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(3);
        assertThat(refused.err()).contains("damaged or was tampered with").contains("replica was not changed");
        assertThat(Files.readAllBytes(bob.vaultFile())).isEqualTo(bobsReplica);

        // the manifest's clear header edited (a higher generation, its checksum made right): the MAC catches it
        cluster.put(added.get(0), newer.get(added.get(0)));
        cluster.put("team-e/m", withGenerationRaised(newer.get("team-e/m")));
        Result edited = bob.run("pull");
        assertThat(edited.status()).as(edited.toString()).isEqualTo(3);
        assertThat(edited.err()).contains("integrity check failed");
        assertThat(Files.readAllBytes(bob.vaultFile())).isEqualTo(bobsReplica);

        cluster.put("team-e/m", newer.get("team-e/m"));
        ok(bob.run("pull"));
        assertThat(value(bob, "second")).isEqualTo("y");
        byte[] current = Files.readAllBytes(bob.vaultFile());

        // the store rolled back to an older, authentic copy
        older.forEach(cluster::put);
        Result rolledBack = bob.run("pull");
        assertThat(rolledBack.status()).as(rolledBack.toString()).isEqualTo(3);
        assertThat(rolledBack.err()).contains("older");
        assertThat(Files.readAllBytes(bob.vaultFile())).isEqualTo(current);
    }

    @Test
    void aRemovedMemberOpensNothingTheStoreHoldsAfterTheRekey() throws Exception {
        KeystashCli alice = founder("alice", "team-f");
        ok(alice.runWithInput("kept-secret", "store", "k"));
        KeystashCli bob = joiner("bob", alice, "team-f");
        Set<String> blobsBefore = blobKeys("team-f/");

        Result removed = ok(alice.run("member", "remove", "bob", "--yes"));
        assertThat(removed.err()).contains("rekeyed");
        Set<String> blobsAfter = blobKeys("team-f/");
        assertThat(blobsAfter).as("every group was sealed again under the new data key").doesNotContainAnyElementsOf(blobsBefore);

        byte[] bobsReplica = Files.readAllBytes(bob.vaultFile());
        Result refused = bob.run("pull");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(3);
        assertThat(refused.err()).contains("wrong passphrase or key");
        assertThat(Files.readAllBytes(bob.vaultFile())).isEqualTo(bobsReplica);

        KeystashCli carol = machine("carol");
        ok(carol.run("identity", "create"));
        ok(carol.run("remote", "set", cluster.url("team-f")));
        carol.env("KEYSTASH_IDENTITY", bob.home().resolve("identity").toString());
        assertThat(carol.run("pull").status()).as("bob's identity on a fresh machine").isEqualTo(3);
        assertThat(Files.exists(carol.vaultFile())).isFalse();
    }

    @Test
    void anOfflineWriteIsPushedLaterAndAForcedPushIsAudited() throws Exception {
        KeystashCli alice = founder("alice", "team-g");
        KeystashCli bob = joiner("bob", alice, "team-g");

        ok(bob.runWithInput("written-offline", "--offline", "store", "offline-key"));
        assertThat(ok(bob.run("remote", "status")).out()).contains("unpublished");
        assertThat(alice.run("pull").err()).contains("Already up to date");
        ok(bob.run("push"));
        ok(alice.run("pull"));
        assertThat(value(alice, "offline-key")).isEqualTo("written-offline");

        ok(bob.runWithInput("second-offline", "--offline", "store", "offline-two"));
        ok(alice.runWithInput("meanwhile", "store", "alice-key"));
        Result refused = bob.run("push");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(5);
        assertThat(refused.err()).contains("push --force");
        assertThat(bob.run("pull").status()).as("a pull would drop the offline write").isEqualTo(5);

        ok(bob.run("push", "--force"));
        ok(alice.run("pull"));
        assertThat(value(alice, "offline-two")).isEqualTo("second-offline");
        assertThat(alice.run("get", "alice-key").status()).as("the forced push replaced alice's change").isEqualTo(4);
        assertThat(ok(bob.run("audit", "--json")).out()).contains("push --force");
    }

    @Test
    void maxAgeRefusesAReplicaNotSyncedRecently() throws Exception {
        KeystashCli alice = founder("alice", "team-h");
        ok(alice.runWithInput("fresh-enough", "store", "openai", "--provider", "openai"));
        ok(alice.run("profile", "create", "prod"));
        ok(alice.run("profile", "add-key", "prod", "openai"));
        KeystashCli bob = joiner("bob", alice, "team-h");
        Jdk jdk = Jdks.present().get(0);

        assertThat(agentJvm(jdk, bob, "max-age=1h").exitCode()).isZero();
        Thread.sleep(2_100);
        ProcessResult stale = agentJvm(jdk, bob, "max-age=2s");
        assertThat(stale.exitCode()).as(stale.toString()).isEqualTo(78);
        assertThat(stale.stderr()).contains("max-age=2s").contains("last synced");
        assertThat(stale.report()).doesNotContainKey("getenv.OPENAI_API_KEY");
        ProcessResult warned = agentJvm(jdk, bob, "max-age=2s,onerror=warn");
        assertThat(warned.exitCode()).isZero();
        assertThat(warned.stderrLines()).hasSize(1);
        assertThat(warned.report().get("getenv.OPENAI_API_KEY")).isEqualTo(Hashes.NULL);

        ok(bob.run("sync"));
        ProcessResult synced = agentJvm(jdk, bob, "max-age=60s");
        assertThat(synced.exitCode()).as(synced.toString()).isZero();
        assertThat(synced.report().get("getenv.OPENAI_API_KEY")).isEqualTo(Hashes.of("fresh-enough"));
    }

    @Test
    void syncWatchKeepsAReplicaCurrentAndStopsOnSigterm() throws Exception {
        KeystashCli alice = founder("alice", "team-i");
        KeystashCli bob = joiner("bob", alice, "team-i");
        Process watch = bob.start("sync", "--watch");
        try {
            Thread.sleep(1500);
            ok(alice.runWithInput("pushed-by-alice", "store", "live"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            Result seen;
            do {
                Thread.sleep(200);
                seen = bob.run("get", "live");
            } while (seen.status() != 0 && System.nanoTime() < deadline);
            assertThat(seen.status()).as("bob's replica got the key through the watch: " + seen).isZero();
            assertThat(seen.out().strip()).isEqualTo("pushed-by-alice");
        } finally {
            watch.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
        }
        Result stopped = KeystashCli.finish(watch);
        assertThat(stopped.status()).as("status after SIGTERM; stdout: " + stopped.out().length() + " chars").isEqualTo(143);
        assertThat(stopped.err()).contains("watching").contains("pulled generation").contains("stopped");
        assertThat(stopped.err()).doesNotContain("pushed-by-alice").doesNotContain("Exception");
    }

    /**
     * The manifest with its vault's generation raised by 1000 and the header checksum computed
     * again: well-formed, but not what the key holders wrote (manifest: 8-byte magic, 4-byte front
     * length, then the vault file's front: 8-byte magic, 2 version bytes, 4-byte header length,
     * header (cipher 1, vault id 16, generation 8, …), SHA-256 of all before it).
     */
    private static byte[] withGenerationRaised(byte[] manifest) throws Exception {
        byte[] edited = manifest.clone();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(edited);
        int front = 12;
        int headerLength = bytes.getInt(front + 10);
        int generationAt = front + 14 + 1 + 16;
        bytes.putLong(generationAt, bytes.getLong(generationAt) + 1000);
        byte[] checksum = java.security.MessageDigest.getInstance("SHA-256").digest(
                java.util.Arrays.copyOfRange(edited, front, front + 14 + headerLength));
        System.arraycopy(checksum, 0, edited, front + 14 + headerLength, checksum.length);
        return edited;
    }

    // ---- machines ------------------------------------------------------------------------------

    private KeystashCli machine(String name) throws Exception {
        return new KeystashCli(Files.createDirectories(folder.resolve(name)));
    }

    /** A machine with a vault (key file), the remote set, and the vault pushed. */
    private KeystashCli founder(String name, String prefix) {
        KeystashCli cli = KeystashCli.withVault(folder.resolve(name));
        ok(cli.run("remote", "set", cluster.url(prefix)));
        ok(cli.run("push"));
        return cli;
    }

    /** A machine with only an identity: made a member by {@code founder}, then its replica pulled. */
    private KeystashCli joiner(String name, KeystashCli founder, String prefix) throws Exception {
        KeystashCli cli = machine(name);
        String recipient = ok(cli.run("identity", "create")).out().strip();
        ok(founder.run("member", "add", name, recipient));
        ok(cli.run("remote", "set", cluster.url(prefix)));
        cli.env("KEYSTASH_IDENTITY", cli.home().resolve("identity").toString());
        Result pulled = ok(cli.run("pull"));
        assertThat(pulled.err()).contains("Created the replica");
        return cli;
    }

    private static ProcessResult agentJvm(Jdk jdk, KeystashCli machine, String options) {
        return JavaLaunch.on(jdk)
                .agent(Artifacts.agentJar(), "profile=prod,identity=" + machine.home().resolve("identity")
                        + (options.isEmpty() ? "" : "," + options))
                .env("KEYSTASH_HOME", machine.home().toString())
                .classPath(Artifacts.testClasses())
                .main(EnvProbe.class, "OPENAI_API_KEY")
                .run();
    }

    private static Set<String> keyNames(KeystashCli machine) {
        String json = ok(machine.run("list", "--json")).out();
        Set<String> names = new HashSet<>();
        java.util.regex.Matcher name = java.util.regex.Pattern.compile("\"name\" : \"([^\"]+)\"").matcher(json);
        while (name.find()) {
            names.add(name.group(1));
        }
        return names;
    }

    private static Set<String> blobKeys(String prefix) {
        Set<String> keys = new HashSet<>(cluster.dump(prefix).keySet());
        keys.removeIf(key -> key.endsWith("/m"));
        return keys;
    }

    private static String value(KeystashCli machine, String key) {
        return ok(machine.run("get", key)).out().strip();
    }

    private static Result ok(Result result) {
        assertThat(result.status()).as(result.toString()).isZero();
        return result;
    }
}
