package io.keystash.it.support;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real etcd cluster on loopback (3 members, or another size, optionally TLS on the client port),
 * from Debian's {@code etcd-server} package: free ports,
 * data folders of its own under {@code target/}, every member stopped at {@link #close} — and by a
 * JVM shutdown hook if the test run ends any other way — so no {@code etcd} outlives the tests.
 *
 * <p>The {@code etcd} binary is looked up on the PATH and in {@code /usr/bin}; when it is missing and
 * this runs as root with {@code apt-get}, {@code etcd-server} is installed (once per JVM); when that
 * is not possible the calling test is skipped, visibly, naming what is missing.
 */
public final class EtcdCluster implements AutoCloseable {
    public static final int SIZE = 3;
    private final int size;
    private final TestCertificates tls;
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(60);
    private static Path binary;
    private static String missing;

    private final Path folder;
    private final int[] clientPorts;
    private final int[] peerPorts;
    private final Process[] members;
    private final String token = "keystash-it-" + UUID.randomUUID();
    private final HttpClient http;
    private final Thread killer = new Thread(this::killAll, "etcd-cluster-stop");

    private EtcdCluster(Path folder, int size, TestCertificates tls) {
        this.folder = folder;
        this.size = size;
        this.tls = tls;
        this.clientPorts = new int[size];
        this.peerPorts = new int[size];
        this.members = new Process[size];
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2));
        if (tls != null) {
            builder.sslContext(tls.clientContext());
        }
        this.http = builder.build();
    }

    /**
     * Starts a cluster with its data under {@code target/etcd/NAME-…}, healthy on return; skips
     * the calling test when etcd is not installed and cannot be.
     */
    public static EtcdCluster start(String name) {
        return start(name, SIZE, null);
    }

    /**
     * A cluster of {@code size} members whose client port speaks TLS with {@code tls}'s server
     * certificate and requires a client certificate from its authority (peers stay plain HTTP).
     */
    public static EtcdCluster start(String name, int size, TestCertificates tls) {
        Path etcd = etcdBinary();
        Assumptions.assumeTrue(etcd != null, () -> "SKIPPED: no etcd binary (" + missing + ")");
        Path folder = Path.of("target", "etcd", name + "-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        EtcdCluster cluster = new EtcdCluster(folder, size, tls);
        Runtime.getRuntime().addShutdownHook(cluster.killer);
        try {
            Files.createDirectories(folder);
            for (int i = 0; i < size; i++) {
                cluster.clientPorts[i] = freePort();
                cluster.peerPorts[i] = freePort();
            }
            for (int i = 0; i < size; i++) {
                cluster.startMember(i);
            }
            cluster.awaitHealthy();
            return cluster;
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The path of {@code etcd}, installing {@code etcd-server} when missing and possible; null when absent. */
    public static synchronized Path etcdBinary() {
        if (binary != null || missing != null) {
            return binary;
        }
        binary = find();
        if (binary == null && Files.isExecutable(Path.of("/usr/bin/apt-get")) && "root".equals(System.getProperty("user.name"))) {
            System.out.println("[keystash-it] etcd is missing: apt-get install etcd-server");
            run("apt-get", "update", "-q");
            run("apt-get", "install", "-y", "-q", "etcd-server");
            binary = find();
        }
        if (binary == null) {
            missing = "install Debian's etcd-server package (apt-get install etcd-server), or put etcd on the PATH";
        }
        return binary;
    }

    private static Path find() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "etcd"));
            }
        }
        candidates.add(Path.of("/usr/bin/etcd"));
        candidates.add(Path.of("/usr/local/bin/etcd"));
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            // reported as a missing binary
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private String initialCluster() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < size; i++) {
            out.append(i == 0 ? "" : ",").append("m").append(i).append("=http://127.0.0.1:").append(peerPorts[i]);
        }
        return out.toString();
    }

    private String scheme() {
        return tls == null ? "http" : "https";
    }

    private void startMember(int i) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--name", "m" + i,
                "--data-dir", folder.resolve("m" + i).toString(),
                "--listen-client-urls", scheme() + "://127.0.0.1:" + clientPorts[i],
                "--advertise-client-urls", scheme() + "://127.0.0.1:" + clientPorts[i],
                "--listen-peer-urls", "http://127.0.0.1:" + peerPorts[i],
                "--initial-advertise-peer-urls", "http://127.0.0.1:" + peerPorts[i],
                "--initial-cluster", initialCluster(),
                "--initial-cluster-state", "new",
                "--initial-cluster-token", token));
        if (tls != null) {
            command.addAll(List.of("--cert-file", tls.serverCert().toString(), "--key-file", tls.serverKey().toString(),
                    "--trusted-ca-file", tls.caCert().toString(), "--client-cert-auth"));
        }
        members[i] = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("m" + i + ".log").toFile()))
                .start();
    }

    /** Waits until every running member says it is healthy. */
    public void awaitHealthy() {
        long deadline = System.nanoTime() + HEALTHY_WITHIN.toNanos();
        for (int i = 0; i < size; i++) {
            if (members[i] == null) {
                continue;
            }
            while (!healthy(i)) {
                if (!members[i].isAlive()) {
                    throw new AssertionError("etcd member m" + i + " exited with " + members[i].exitValue()
                            + "; see " + folder.resolve("m" + i + ".log"));
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("etcd member m" + i + " not healthy within " + HEALTHY_WITHIN.toSeconds() + " s");
                }
                sleep(100);
            }
        }
    }

    private boolean healthy(int i) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(scheme() + "://127.0.0.1:" + clientPorts[i] + "/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.body().contains("\"health\":\"true\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code etcd://127.0.0.1:P0,127.0.0.1:P1,127.0.0.1:P2/PREFIX}. */
    public String url(String prefix) {
        StringBuilder out = new StringBuilder("etcd://");
        for (int i = 0; i < size; i++) {
            out.append(i == 0 ? "" : ",").append("127.0.0.1:").append(clientPorts[i]);
        }
        return out.append('/').append(prefix).toString();
    }

    /** Stops member {@code i} (SIGTERM, then SIGKILL after 10 s) and waits for it. */
    public void stop(int i) {
        Process member = members[i];
        if (member == null) {
            return;
        }
        member.destroy();
        try {
            if (!member.waitFor(10, TimeUnit.SECONDS)) {
                member.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        members[i] = null;
    }

    /** Starts member {@code i} again on its data folder (it rejoins the cluster). */
    public void restart(int i) {
        if (members[i] != null) {
            return;
        }
        try {
            startMember(i);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- raw access, for tests that play a hostile or careless store ----------------------------

    /** Every key under {@code prefix} with its value, read from a live member. */
    public Map<String, byte[]> dump(String prefix) {
        String body = "{\"key\":\"" + b64(prefix) + "\",\"range_end\":\"" + b64(prefix.substring(0, prefix.length() - 1)
                + (char) (prefix.charAt(prefix.length() - 1) + 1)) + "\"}";
        String answer = post("/v3/kv/range", body);
        Map<String, byte[]> values = new LinkedHashMap<>();
        Matcher kv = Pattern.compile("\"key\":\"([^\"]*)\"[^}]*?\"value\":\"([^\"]*)\"").matcher(answer);
        while (kv.find()) {
            values.put(new String(Base64.getDecoder().decode(kv.group(1)), StandardCharsets.UTF_8),
                    Base64.getDecoder().decode(kv.group(2)));
        }
        return values;
    }

    /** Writes {@code key} straight into etcd. */
    public void put(String key, byte[] value) {
        post("/v3/kv/put", "{\"key\":\"" + b64(key) + "\",\"value\":\"" + Base64.getEncoder().encodeToString(value) + "\"}");
    }

    /**
     * Turns etcd's authentication on: a root user, and user {@code user} with password
     * {@code password} allowed to read and write under {@code prefix} only.
     */
    public void enableAuth(String user, String password, String prefix) {
        String end = prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1);
        post("/v3/auth/user/add", "{\"name\":\"root\",\"password\":\"" + UUID.randomUUID() + "\"}");
        post("/v3/auth/role/add", "{\"name\":\"root\"}");
        post("/v3/auth/user/grant", "{\"user\":\"root\",\"role\":\"root\"}");
        post("/v3/auth/user/add", "{\"name\":\"" + user + "\",\"password\":\"" + password + "\"}");
        post("/v3/auth/role/add", "{\"name\":\"team\"}");
        post("/v3/auth/role/grant", "{\"name\":\"team\",\"perm\":{\"permType\":\"READWRITE\",\"key\":\"" + b64(prefix)
                + "\",\"range_end\":\"" + b64(end) + "\"}}");
        post("/v3/auth/user/grant", "{\"user\":\"" + user + "\",\"role\":\"team\"}");
        post("/v3/auth/enable", "{}");
    }

    private String post(String path, String body) {
        for (int i = 0; i < size; i++) {
            if (members[i] == null) {
                continue;
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(scheme() + "://127.0.0.1:" + clientPorts[i] + path))
                        .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
            } catch (IOException e) {
                // the next member
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no etcd member took " + path);
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void killAll() {
        for (int i = 0; i < size; i++) {
            Process member = members[i];
            if (member != null) {
                member.destroyForcibly();
            }
        }
        for (int i = 0; i < size; i++) {
            Process member = members[i];
            if (member != null) {
                try {
                    member.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Stops every member; the shutdown hook is no longer needed then. */
    @Override
    public void close() {
        for (int i = 0; i < size; i++) {
            stop(i);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }
}
