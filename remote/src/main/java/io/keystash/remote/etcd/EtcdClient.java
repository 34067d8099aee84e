package io.keystash.remote.etcd;

import com.fasterxml.jackson.core.JsonGenerator;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * etcd's key-value API through its JSON gateway. Each request goes to the endpoint that last
 * answered, and on a connection failure, a timeout or a member without a quorum behind it, to the
 * next; only when none answers is the store unreachable. Thread-safe.
 *
 * <p>Transport: the JDK's {@link HttpURLConnection}, which keeps connections alive between
 * requests (a watch is the exception: see {@link #watch}). Why not {@code java.net.http.HttpClient}: a CLI command is one JVM start and a few
 * requests, and the newer client's first request cost 0.45 s here (it sets up TLS and a selector
 * thread even for plain HTTP), against 0.05 s. POSTs are never retried silently
 * ({@code sun.net.http.retryPost=false}): a compare-and-swap sent twice would fail against itself.
 *
 * <p>Timeouts: 2 s to connect, 5 s per request, so a write against a cluster that lost its quorum
 * fails in seconds rather than hanging (etcd itself would hold a request until its own timeout).
 */
public final class EtcdClient implements AutoCloseable {
    static final int CONNECT_TIMEOUT_MS = 2_000;
    static final int REQUEST_TIMEOUT_MS = 5_000;
    /** etcd's default cap on the operations of one transaction ({@code --max-txn-ops}). */
    public static final int MAX_OPS = 128;
    /** What one request may carry, under etcd's default cap of 1.5 MiB ({@code --max-request-bytes}). */
    public static final int MAX_REQUEST_BYTES = 1_200_000;
    private static final int MAX_ANSWER_BYTES = 256 * 1024 * 1024;
    /** gRPC status codes etcd reports in the gateway's error bodies. */
    private static final int PERMISSION_DENIED = 7;
    private static final int OUT_OF_RANGE = 11;
    private static final int UNAVAILABLE = 14;
    private static final int UNAUTHENTICATED = 16;

    static {
        if (System.getProperty("sun.net.http.retryPost") == null) {
            System.setProperty("sun.net.http.retryPost", "false");
        }
    }

    private final Connection connection;
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private volatile SSLSocketFactory tls;
    private java.net.http.HttpClient watchClient;
    private volatile int preferred;
    private volatile String token;

    private EtcdClient(Connection connection) {
        this.connection = connection;
    }

    /** A client of the cluster {@code connection} names; nothing is read or sent until a request. */
    public static EtcdClient of(Connection connection) {
        return new EtcdClient(connection);
    }

    /** Bytes of request bodies sent so far (for measurements: what a write costs on the wire). */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** Bytes of answers received so far. */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** Requests sent so far. */
    public long requests() {
        return requests.get();
    }

    // ---- the key-value API ---------------------------------------------------------------------

    /** Reads {@code key} (linearizable: the latest value the cluster agreed on). */
    public Read get(String key) throws EtcdException {
        Map<String, Object> answer = call("/v3/kv/range", out -> out.writeStringField("key", encode(key)));
        List<KeyValue> values = keyValues(answer);
        return new Read(values.isEmpty() ? null : values.get(0), revision(answer));
    }

    /**
     * Reads {@code key} as the member that answers has it, without asking the cluster (serializable):
     * answered even by a member cut off from its quorum, possibly stale.
     */
    public KeyValue getLocal(String key) throws EtcdException {
        List<KeyValue> values = keyValues(call("/v3/kv/range", out -> {
            out.writeStringField("key", encode(key));
            out.writeBooleanField("serializable", true);
        }));
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * The revision {@code key} was last written at (0: it does not exist), read through the
     * cluster (linearizable) without its value: a cheap proof that a quorum is there.
     */
    public long modRevision(String key) throws EtcdException {
        List<KeyValue> values = keyValues(call("/v3/kv/range", out -> {
            out.writeStringField("key", encode(key));
            out.writeBooleanField("keys_only", true);
        }));
        return values.isEmpty() ? 0 : values.get(0).modRevision();
    }

    /** Reads {@code key} as it was at {@code revision}; COMPACTED when that revision is gone. */
    public KeyValue getAt(String key, long revision) throws EtcdException {
        Map<String, Object> answer = call("/v3/kv/range", out -> {
            out.writeStringField("key", encode(key));
            out.writeStringField("revision", Long.toString(revision));
        });
        List<KeyValue> values = keyValues(answer);
        return values.isEmpty() ? null : values.get(0);
    }

    /** The keys under {@code prefix} with their revisions, without their values. */
    public List<KeyValue> keysUnder(String prefix) throws EtcdException {
        return keyValues(call("/v3/kv/range", out -> {
            out.writeStringField("key", encode(prefix));
            out.writeStringField("range_end", encode(prefixEnd(prefix)));
            out.writeBooleanField("keys_only", true);
        }));
    }

    /** Writes {@code key}; returns the store's revision after the write. */
    public long put(String key, byte[] value) throws EtcdException {
        return revision(call("/v3/kv/put", out -> writePut(out, key, value)));
    }

    /** Writes every key in one transaction (at most {@value #MAX_OPS} of them): all or none. */
    public long putAll(List<String> keys, List<byte[]> values) throws EtcdException {
        requireOps(keys.size());
        return revision(call("/v3/kv/txn", out -> {
            out.writeArrayFieldStart("success");
            for (int i = 0; i < keys.size(); i++) {
                writeOp(out, "request_put", keys.get(i), values.get(i));
            }
            out.writeEndArray();
        }));
    }

    /** Deletes every key in one transaction (at most {@value #MAX_OPS} of them). */
    public void deleteAll(List<String> keys) throws EtcdException {
        requireOps(keys.size());
        call("/v3/kv/txn", out -> {
            out.writeArrayFieldStart("success");
            for (String key : keys) {
                writeOp(out, "request_delete_range", key, null);
            }
            out.writeEndArray();
        });
    }

    /** Deletes {@code key} (nothing when it is absent). */
    public void delete(String key) throws EtcdException {
        call("/v3/kv/deleterange", out -> out.writeStringField("key", encode(key)));
    }

    /**
     * Writes {@code keys} (in order) if {@code key} was last written at revision {@code modRevision},
     * or does not exist when {@code modRevision} is 0 — one transaction, so nobody else's write can
     * come between the comparison and the writes. When the comparison fails, the result carries
     * {@code key} as it is now.
     */
    public TxnResult putIfUnchanged(String key, long modRevision, List<String> keys, List<byte[]> values) throws EtcdException {
        requireOps(keys.size());
        Map<String, Object> answer = call("/v3/kv/txn", out -> {
            out.writeArrayFieldStart("compare");
            out.writeStartObject();
            out.writeStringField("key", encode(key));
            out.writeStringField("target", modRevision == 0 ? "CREATE" : "MOD");
            out.writeStringField("result", "EQUAL");
            out.writeStringField(modRevision == 0 ? "create_revision" : "mod_revision", Long.toString(modRevision));
            out.writeEndObject();
            out.writeEndArray();
            out.writeArrayFieldStart("success");
            for (int i = 0; i < keys.size(); i++) {
                writeOp(out, "request_put", keys.get(i), values.get(i));
            }
            out.writeEndArray();
            out.writeArrayFieldStart("failure");
            writeOp(out, "request_range", key, null);
            out.writeEndArray();
        });
        boolean succeeded = Json.bool(answer, "succeeded");
        KeyValue current = null;
        if (!succeeded) {
            for (Map<String, Object> op : Json.objects(answer, "responses")) {
                List<KeyValue> found = keyValues(Json.object(op, "response_range"));
                if (!found.isEmpty()) {
                    current = found.get(0);
                }
            }
        }
        return new TxnResult(succeeded, revision(answer), current);
    }

    /**
     * Watches {@code key} from {@code startRevision} on (events at that revision included), on the
     * first endpoint that accepts; the caller reads {@link Watch#next} and closes it.
     *
     * <p>A watch goes through {@code java.net.http.HttpClient}, not {@link HttpURLConnection}: it
     * runs in a long-lived process, where that client's start-up cost does not matter, and closing
     * its response stream from another thread ends a read that is waiting, which
     * {@code HttpURLConnection} cannot do (its close waits for the blocked read's lock).
     */
    public Watch watch(String key, long startRevision) throws EtcdException {
        byte[] payload = Json.write(out -> {
            out.writeObjectFieldStart("create_request");
            out.writeStringField("key", encode(key));
            out.writeStringField("start_revision", Long.toString(startRevision));
            out.writeBooleanField("progress_notify", true);
            out.writeEndObject();
        });
        if (connection.user() != null && token == null) {
            login();
        }
        java.net.http.HttpClient client = watchClient();
        List<String> failures = new ArrayList<>();
        int count = connection.endpoints().size();
        int first = preferred;
        for (int i = 0; i < count; i++) {
            int index = (first + i) % count;
            Endpoint endpoint = connection.endpoints().get(index);
            java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(endpoint.base(connection.tls())
                    .resolve("/v3/watch")).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(payload));
            String current = token;
            if (current != null) {
                request.header("Authorization", current);
            }
            try {
                requests.incrementAndGet();
                bytesSent.addAndGet(payload.length);
                java.net.http.HttpResponse<InputStream> response = client.send(request.build(),
                        java.net.http.HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                    response.body().close();
                    failures.add(endpoint + ": HTTP " + response.statusCode());
                    continue;
                }
                preferred = index;
                return new Watch(response.body());
            } catch (IOException e) {
                failures.add(endpoint + ": " + describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EtcdException(EtcdException.Kind.UNREACHABLE, "interrupted");
            }
        }
        throw new EtcdException(EtcdException.Kind.UNREACHABLE, String.join("; ", failures));
    }

    private synchronized java.net.http.HttpClient watchClient() throws EtcdException {
        if (watchClient == null) {
            java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1)
                    .connectTimeout(java.time.Duration.ofMillis(CONNECT_TIMEOUT_MS))
                    .followRedirects(java.net.http.HttpClient.Redirect.NEVER);
            if (connection.tls()) {
                builder.sslContext(TlsFiles.context(connection.caCert(), connection.cert(), connection.key()));
            }
            watchClient = builder.build();
        }
        return watchClient;
    }

    // ---- transport -----------------------------------------------------------------------------

    /** Sends one request to the endpoints in turn; logs in (once) when the cluster asks for a token. */
    private Map<String, Object> call(String path, Json.Body body) throws EtcdException {
        byte[] payload = Json.write(body);
        if (connection.user() != null && token == null) {
            // first, so that a client certificate's name is never taken for the user instead
            login();
        }
        for (int attempt = 0; ; attempt++) {
            try {
                return send(path, payload);
            } catch (LoginNeeded e) {
                if (attempt > 0 || connection.user() == null) {
                    throw new EtcdException(EtcdException.Kind.AUTH, "etcd asks for a user and password (" + e.getMessage()
                            + "); give them with: keystash remote set … --user NAME --password-file FILE");
                }
                login();
            }
        }
    }

    private Map<String, Object> send(String path, byte[] payload) throws EtcdException, LoginNeeded {
        List<String> failures = new ArrayList<>();
        int count = connection.endpoints().size();
        int first = preferred;
        for (int i = 0; i < count; i++) {
            int index = (first + i) % count;
            Endpoint endpoint = connection.endpoints().get(index);
            Map<String, Object> answer;
            int status;
            byte[] body;
            try {
                HttpURLConnection http = open(endpoint, path, payload, REQUEST_TIMEOUT_MS);
                status = http.getResponseCode();
                try (InputStream in = status >= 400 ? http.getErrorStream() : http.getInputStream()) {
                    body = in == null ? new byte[0] : in.readNBytes(MAX_ANSWER_BYTES);
                }
                bytesReceived.addAndGet(body.length);
                answer = Json.read(body);
            } catch (IOException e) {
                failures.add(endpoint + ": " + describe(e));
                continue;
            }
            if (answer == null && new String(body, StandardCharsets.ISO_8859_1).contains("CommonName of client")) {
                throw new EtcdException(EtcdException.Kind.AUTH, "etcd's JSON gateway refuses a client certificate that has a"
                        + " Common Name (CN); use one whose subject has none (etcd then takes the user from --user)");
            }
            if (answer == null) {
                throw new EtcdException(EtcdException.Kind.REFUSED, "not an etcd answer (HTTP " + status + " from " + endpoint
                        + ": " + snippet(body) + "; is this etcd's client port, and is its TLS setting right?)");
            }
            if (!isError(answer)) {
                preferred = index;
                return answer;
            }
            String problem = problem(answer);
            int code = (int) Json.number(answer, "code");
            if (needsLogin(problem)) {
                throw new LoginNeeded(problem);
            }
            if (code == PERMISSION_DENIED || code == UNAUTHENTICATED) {
                throw new EtcdException(EtcdException.Kind.AUTH, "etcd refused the request: " + problem);
            }
            if (code == OUT_OF_RANGE || problem.contains("compacted")) {
                throw new EtcdException(EtcdException.Kind.COMPACTED, problem);
            }
            if (code == UNAVAILABLE || memberCannotServe(problem)) {
                failures.add(endpoint + ": " + problem);
                continue;
            }
            throw new EtcdException(EtcdException.Kind.REFUSED, "etcd refused the request: " + problem);
        }
        throw new EtcdException(EtcdException.Kind.UNREACHABLE, String.join("; ", failures));
    }

    private HttpURLConnection open(Endpoint endpoint, String path, byte[] payload, int readTimeout) throws IOException {
        HttpURLConnection http = (HttpURLConnection) endpoint.base(connection.tls()).resolve(path).toURL().openConnection();
        if (http instanceof HttpsURLConnection https) {
            try {
                https.setSSLSocketFactory(tls());
            } catch (EtcdException e) {
                throw new IOException(e.getMessage());
            }
        }
        http.setConnectTimeout(CONNECT_TIMEOUT_MS);
        http.setReadTimeout(readTimeout);
        http.setUseCaches(false);
        http.setInstanceFollowRedirects(false);
        http.setRequestMethod("POST");
        http.setDoOutput(true);
        http.setFixedLengthStreamingMode(payload.length);
        http.setRequestProperty("Content-Type", "application/json");
        String current = token;
        if (current != null && !path.equals("/v3/auth/authenticate")) {
            http.setRequestProperty("Authorization", current);
        }
        requests.incrementAndGet();
        bytesSent.addAndGet(payload.length);
        try (OutputStream out = http.getOutputStream()) {
            out.write(payload);
        }
        return http;
    }

    /** The TLS socket factory, made from the PEM files at the first HTTPS request. */
    private SSLSocketFactory tls() throws EtcdException {
        SSLSocketFactory factory = tls;
        if (factory == null) {
            synchronized (this) {
                if (tls == null) {
                    tls = TlsFiles.context(connection.caCert(), connection.cert(), connection.key()).getSocketFactory();
                }
                factory = tls;
            }
        }
        return factory;
    }

    /** Gets a token for the configured user; later requests carry it until etcd refuses it. */
    private synchronized void login() throws EtcdException {
        char[] password = PasswordFile.read(connection.passwordFile());
        try {
            byte[] payload = Json.write(out -> {
                out.writeStringField("name", connection.user());
                out.writeFieldName("password");
                out.writeString(password, 0, password.length);
            });
            Map<String, Object> answer;
            try {
                answer = send("/v3/auth/authenticate", payload);
            } catch (LoginNeeded e) {
                throw new EtcdException(EtcdException.Kind.AUTH, "etcd refused user " + connection.user() + ": " + e.getMessage());
            } catch (EtcdException e) {
                if (e.kind() != EtcdException.Kind.REFUSED) {
                    throw e;
                }
                throw new EtcdException(EtcdException.Kind.AUTH, "etcd refused user " + connection.user() + ": "
                        + e.getMessage().replace("etcd refused the request: ", ""));
            }
            String issued = Json.text(answer, "token", "");
            if (issued.isEmpty()) {
                throw new EtcdException(EtcdException.Kind.AUTH, "etcd gave no token for user " + connection.user()
                        + " (is authentication enabled on the cluster?)");
            }
            token = issued;
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    /** The start of an answer that is not JSON, printable characters only, for the error message. */
    private static String snippet(byte[] body) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < body.length && out.length() < 80; i++) {
            char c = (char) (body[i] & 0xFF);
            out.append(c >= 0x20 && c < 0x7F ? c : ' ');
        }
        return out.append(body.length > 79 ? "…'" : "'").toString();
    }

    private static boolean isError(Map<String, Object> answer) {
        return answer.containsKey("error") || Json.number(answer, "code") != 0;
    }

    private static boolean needsLogin(String problem) {
        return problem.contains("invalid auth token") || problem.contains("user name is empty");
    }

    /** A member that is up but cannot answer for the cluster: another member may. */
    private static boolean memberCannotServe(String problem) {
        return problem.contains("no leader") || problem.contains("timed out") || problem.contains("leader changed")
                || problem.contains("not capable") || problem.contains("too many requests") || problem.contains("stopped");
    }

    private static String problem(Map<String, Object> answer) {
        Object error = answer.get("error");
        String text = error instanceof String s ? s : Json.text(answer, "message", "unknown error");
        return text.replace('\n', ' ');
    }

    static String describe(IOException e) {
        if (e instanceof java.net.SocketTimeoutException) {
            return "no answer in time";
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "TLS failed (" + e.getMessage() + ")";
        }
        String name = e.getClass().getSimpleName();
        return e.getMessage() == null ? name : name + ": " + e.getMessage();
    }

    // ---- JSON ----------------------------------------------------------------------------------

    private static void writePut(JsonGenerator out, String key, byte[] value) throws IOException {
        out.writeStringField("key", encode(key));
        out.writeStringField("value", Base64.getEncoder().encodeToString(value));
    }

    /** One operation of a transaction: {@code {"request_put": {...}}} and the like. */
    private static void writeOp(JsonGenerator out, String kind, String key, byte[] value) throws IOException {
        out.writeStartObject();
        out.writeObjectFieldStart(kind);
        if (value == null) {
            out.writeStringField("key", encode(key));
        } else {
            writePut(out, key, value);
        }
        out.writeEndObject();
        out.writeEndObject();
    }

    private static void requireOps(int count) {
        if (count > MAX_OPS) {
            throw new IllegalArgumentException("etcd takes at most " + MAX_OPS + " operations per transaction");
        }
    }

    static String encode(String key) {
        return Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The first key after every key that starts with {@code prefix}: etcd's range end for a prefix. */
    static String prefixEnd(String prefix) {
        char[] chars = prefix.toCharArray();
        chars[chars.length - 1]++;
        return new String(chars);
    }

    static long revision(Map<String, Object> answer) {
        return Json.number(Json.object(answer, "header"), "revision");
    }

    static List<KeyValue> keyValues(Map<String, Object> answer) {
        List<KeyValue> values = new ArrayList<>();
        for (Map<String, Object> kv : Json.objects(answer, "kvs")) {
            values.add(new KeyValue(new String(Base64.getDecoder().decode(Json.text(kv, "key", "")), StandardCharsets.UTF_8),
                    Base64.getDecoder().decode(Json.text(kv, "value", "")),
                    Json.number(kv, "create_revision"), Json.number(kv, "mod_revision")));
        }
        return values;
    }

    @Override
    public void close() {
        // connections kept alive are the JDK's to close; nothing is held here
    }

    /** etcd asked for a token (none yet, or the one sent expired). */
    private static final class LoginNeeded extends Exception {
        private static final long serialVersionUID = 1L;

        LoginNeeded(String message) {
            super(message, null, false, false);
        }
    }
}
