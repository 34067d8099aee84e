package io.keystash.bench.shared;

import io.keystash.vault.Secret;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.identity.Recipient;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shared vault through a real 3-member etcd cluster on loopback, measured with the real CLI:
 * machine A and machine B, each its own {@code KEYSTASH_HOME}; B runs {@code sync --watch}.
 * For vaults of 10 and 10,000 keys × 5 versions it reports the bytes each operation sends (the
 * CLI's own count of request bodies, logged at DEBUG), and how long a {@code rotate} on A takes to
 * reach B's replica: from the moment A's command returns (its write is in the store by then) and
 * from the moment it starts. Run by {@code benchmarks/shared-vault/run.sh}; not a test.
 *
 * <p>Arguments: the launcher ({@code cli/target/keystash}), a work folder, the number of rotations.
 */
public final class SharedVaultBench {
    private static final Pattern TRAFFIC = Pattern.compile("(write|push|pull) of generation (\\d+): (\\d+) bytes sent, (\\d+) received, (\\d+) requests");
    private static final Pattern PUBLISHED = Pattern.compile("(\\S+) \\[[^]]*\\] DEBUG \\S+ - published generation");
    private static final int VERSIONS = 5;
    private static final int GENERATION_OFFSET = 8 + 1 + 1 + 4 + 1 + 16;

    private final Path launcher;
    private final Path work;
    private final int rotations;
    private final List<Process> etcd = new ArrayList<>();
    private String endpoints;

    private SharedVaultBench(Path launcher, Path work, int rotations) {
        this.launcher = launcher;
        this.work = work;
        this.rotations = rotations;
    }

    public static void main(String[] args) throws Exception {
        SharedVaultBench bench = new SharedVaultBench(Path.of(args[0]).toAbsolutePath(), Path.of(args[1]).toAbsolutePath(),
                args.length > 2 ? Integer.parseInt(args[2]) : 50);
        Runtime.getRuntime().addShutdownHook(new Thread(bench::stopCluster));
        try {
            bench.startCluster();
            System.out.println("| vault | operation | bytes sent | bytes received | requests | wall ms |");
            System.out.println("| --- | --- | --- | --- | --- | --- |");
            List<String> reach = new ArrayList<>();
            for (int keys : new int[] {10, 10_000}) {
                reach.add(bench.measure(keys));
            }
            System.out.println();
            System.out.println("| vault | rotate on A → B's replica, from A's write in the store: p50 / p99 / max | from A's command start: p50 / p99 |");
            System.out.println("| --- | --- | --- |");
            reach.forEach(System.out::println);
        } finally {
            bench.stopCluster();
        }
    }

    // ---- one vault size --------------------------------------------------------------------------

    private String measure(int keys) throws Exception {
        String label = keys == 10 ? "10 keys" : String.format("%,d keys", keys);
        Path a = Files.createDirectories(work.resolve("a-" + keys));
        Path b = Files.createDirectories(work.resolve("b-" + keys));
        String url = "etcd://" + endpoints + "/bench-" + keys;
        String recipient = cli(b, null, null, "identity", "create").out.strip();
        buildVault(a, keys, recipient);
        cli(a, null, null, "remote", "set", url);
        row(label, "push (first upload)", cli(a, null, null, "push"));
        cli(b, null, null, "remote", "set", url);
        row(label, "pull (new replica)", cli(b, null, null, "pull"));
        List<Run> stores = new ArrayList<>();
        List<Run> rotates = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            stores.add(cli(a, "value-" + i + "-0123456789abcdef", null, "store", "new-key-" + i));
            rotates.add(cli(a, "rotated-" + i + "-0123456789abcdef", null, "rotate", "key-3"));
        }
        row(label, "store (median of 7)", median(stores));
        row(label, "rotate (median of 7)", median(rotates));
        row(label, "pull after 14 writes", cli(b, null, null, "pull"));
        return "| " + label + " | " + propagation(a, b) + " |";
    }

    /** A vault of {@code keys} keys × 5 versions at {@code home}/vault, with a key file and member {@code b}. */
    private static void buildVault(Path home, int keys, String recipient) throws VaultException {
        VaultStore store = VaultStore.at(VaultPaths.of(home.resolve("vault"), home));
        try (KeyFileKey key = KeyFileKey.generate()) {
            key.writeNew(home.resolve("a.key"));
            store.create(key, null);
            store.update(key, vault -> {
                vault.createProfile("prod");
                for (int i = 0; i < keys; i++) {
                    String name = "key-" + i;
                    vault.storeKey(name, KeyMetadata.builder().build(), value(name, 1), "bench");
                    for (int v = 2; v <= VERSIONS; v++) {
                        vault.addVersion(name, value(name, v), "bench", "rotate");
                    }
                    if (i < 10) {
                        vault.bind("prod", new Binding(name, "KEY_" + i, null));
                    }
                }
                vault.addMember("b", Recipient.parse(recipient));
                return null;
            });
        }
    }

    private static Secret value(String name, int version) throws VaultException {
        return Secret.ofUtf8(("sk-bench-" + name + "-v" + version + "-0123456789abcdef").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code rotations} rotations on A, each timed until B's replica has its generation: from the
     * moment A's write was in the store (A's log line, stamped to the millisecond) and from the
     * moment A's command started. B's replica is polled every millisecond from before the command.
     */
    private String propagation(Path a, Path b) throws Exception {
        ProcessBuilder builder = command(b, "sync", "--watch");
        Process watch = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CountDownLatch watching = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(watch.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.contains("watching")) {
                        watching.countDown();
                    }
                }
            } catch (IOException e) {
                // the watch ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        List<Double> fromPublish = new ArrayList<>();
        List<Double> fromStart = new ArrayList<>();
        try {
            if (!watching.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("sync --watch did not start watching");
            }
            for (int i = 0; i < rotations; i++) {
                long target = generation(a.resolve("vault")) + 1;
                long[] seenAt = {0};
                Thread poller = new Thread(() -> {
                    try {
                        while (generation(b.resolve("vault")) < target) {
                            Thread.sleep(1);
                        }
                        seenAt[0] = System.currentTimeMillis();
                    } catch (IOException | InterruptedException e) {
                        seenAt[0] = -1;
                    }
                });
                long start = System.currentTimeMillis();
                poller.start();
                Run rotate = cli(a, "propagated-" + i + "-0123456789abcdef", null, "rotate", "key-5");
                poller.join(30_000);
                if (seenAt[0] <= 0) {
                    poller.interrupt();
                    throw new IllegalStateException("B's replica did not get generation " + target + " in 30 s");
                }
                Matcher published = PUBLISHED.matcher(rotate.err());
                if (!published.find()) {
                    throw new IllegalStateException("rotate logged no publish time");
                }
                long publishedAt = java.time.OffsetDateTime.parse(published.group(1)).toInstant().toEpochMilli();
                fromPublish.add((double) (seenAt[0] - publishedAt));
                fromStart.add((double) (seenAt[0] - start));
            }
        } finally {
            watch.toHandle().destroy();
            watch.waitFor(20, TimeUnit.SECONDS);
        }
        return String.format("%.0f / %.0f / %.0f ms | %.0f / %.0f ms", percentile(fromPublish, 50), percentile(fromPublish, 99),
                Collections.max(fromPublish), percentile(fromStart, 50), percentile(fromStart, 99));
    }

    /** The generation in a vault file's clear header, read from its first bytes. */
    private static long generation(Path vault) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(vault.toFile(), "r")) {
            byte[] head = new byte[GENERATION_OFFSET + 8];
            file.readFully(head);
            return ByteBuffer.wrap(head).getLong(GENERATION_OFFSET);
        }
    }

    private static double percentile(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    // ---- the CLI ---------------------------------------------------------------------------------

    private record Run(String out, String err, long bytesSent, long bytesReceived, long requests, double millis) {
    }

    private Run cli(Path home, String input, Map<String, String> extra, String... args) throws Exception {
        ProcessBuilder builder = command(home, args);
        if (extra != null) {
            builder.environment().putAll(extra);
        }
        long start = System.nanoTime();
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            if (input != null) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        double millis = (System.nanoTime() - start) / 1e6;
        if (status != 0) {
            throw new IllegalStateException("keystash " + String.join(" ", args) + " failed (" + status + "): " + err.strip());
        }
        Matcher traffic = TRAFFIC.matcher(err);
        long sent = 0;
        long received = 0;
        long requests = 0;
        while (traffic.find()) {
            sent = Long.parseLong(traffic.group(3));
            received = Long.parseLong(traffic.group(4));
            requests = Long.parseLong(traffic.group(5));
        }
        return new Run(new String(out, StandardCharsets.UTF_8), err, sent, received, requests, millis);
    }

    private ProcessBuilder command(Path home, String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.remove("KEYSTASH_VAULT");
        env.put("KEYSTASH_HOME", home.toString());
        if (Files.exists(home.resolve("a.key"))) {
            env.put("KEYSTASH_KEY_FILE", home.resolve("a.key").toString());
            env.remove("KEYSTASH_IDENTITY");
        } else {
            env.put("KEYSTASH_IDENTITY", home.resolve("identity").toString());
            env.remove("KEYSTASH_KEY_FILE");
        }
        env.put("KEYSTASH_JAVA_OPTS", "-Dorg.slf4j.simpleLogger.log.io.keystash.remote=debug -Dorg.slf4j.simpleLogger.showDateTime=true"
                + " -Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        return builder;
    }

    private static Run median(List<Run> runs) {
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort((x, y) -> Long.compare(x.bytesSent(), y.bytesSent()));
        Run bytes = sorted.get(sorted.size() / 2);
        List<Double> walls = new ArrayList<>();
        runs.forEach(r -> walls.add(r.millis()));
        return new Run("", "", bytes.bytesSent(), bytes.bytesReceived(), bytes.requests(), percentile(walls, 50));
    }

    private static void row(String vault, String operation, Run run) {
        System.out.println(String.format("| %s | %s | %,d | %,d | %d | %.0f |", vault, operation, run.bytesSent(), run.bytesReceived(),
                run.requests(), run.millis()));
    }

    // ---- the cluster -----------------------------------------------------------------------------

    private void startCluster() throws Exception {
        Path data = Files.createDirectories(work.resolve("etcd"));
        int[] client = new int[3];
        int[] peer = new int[3];
        for (int i = 0; i < 3; i++) {
            client[i] = freePort();
            peer[i] = freePort();
        }
        StringBuilder cluster = new StringBuilder();
        StringBuilder clients = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            cluster.append(i == 0 ? "" : ",").append("m").append(i).append("=http://127.0.0.1:").append(peer[i]);
            clients.append(i == 0 ? "" : ",").append("127.0.0.1:").append(client[i]);
        }
        endpoints = clients.toString();
        for (int i = 0; i < 3; i++) {
            etcd.add(new ProcessBuilder("etcd", "--name", "m" + i, "--data-dir", data.resolve("m" + i).toString(),
                    "--listen-client-urls", "http://127.0.0.1:" + client[i], "--advertise-client-urls", "http://127.0.0.1:" + client[i],
                    "--listen-peer-urls", "http://127.0.0.1:" + peer[i], "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer[i],
                    "--initial-cluster", cluster.toString(), "--initial-cluster-state", "new")
                    .redirectErrorStream(true).redirectOutput(data.resolve("m" + i + ".log").toFile()).start());
        }
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int port : client) {
            while (true) {
                try {
                    String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
                    if (body.contains("\"health\":\"true\"")) {
                        break;
                    }
                } catch (IOException e) {
                    // not up yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("etcd did not become healthy; see " + data);
                }
                Thread.sleep(100);
            }
        }
    }

    private synchronized void stopCluster() {
        for (Process member : etcd) {
            member.destroy();
        }
        for (Process member : etcd) {
            try {
                if (!member.waitFor(10, TimeUnit.SECONDS)) {
                    member.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        etcd.clear();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
