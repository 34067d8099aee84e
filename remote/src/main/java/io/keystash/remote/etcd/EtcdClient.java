package io.keystash.remote.etcd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * etcd's key-value API through its JSON gateway. Each request goes to the endpoint that last
 * answered, and on a connection failure, a timeout or a member without a quorum behind it, to the
 * next; only when none answers is the store unreachable. Thread-safe.
 *
 * <p>Timeouts: 2 s to connect, 5 s per request, so a write against a cluster that lost its quorum
 * fails in seconds rather than hanging (etcd itself would hold a request until its own timeout).
 */
public final class EtcdClient implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** etcd's default cap on the operations of one transaction ({@code --max-txn-ops}). */
    public static final int MAX_OPS = 128;
    /** What one request may carry, under etcd's default cap of 1.5 MiB ({@code --max-request-bytes}). */
    public static final int MAX_REQUEST_BYTES = 1_200_000;
    /** gRPC status codes etcd reports in the gateway's error bodies. */
    private static final int OUT_OF_RANGE = 11;
    private static final int UNAVAILABLE = 14;
    private static final int UNAUTHENTICATED = 16;
    private static final int PERMISSION_DENIED = 7;

    private final Connection connection;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private volatile int preferred;
    private volatile String token;

    private EtcdClient(Connection connection, HttpClient http) {
        this.connection = connection;
        this.http = http;
    }

    /** A client of the cluster {@code connection} names; nothing is sent yet. */
    public static EtcdClient of(Connection connection) throws EtcdException {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (connection.tls()) {
            builder.sslContext(TlsFiles.context(connection.caCert(), connection.cert(), connection.key()));
        }
        return new EtcdClient(connection, builder.build());
    }

    /** Bytes of request bodies sent so far (for measurements: what a write costs on the wire). */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** Requests sent so far. */
    public long requests() {
        return requests.get();
    }

    // ---- the key-value API ---------------------------------------------------------------------

    /** Reads {@code key} (linearizable: the latest value the cluster agreed on). */
    public Read get(String key) throws EtcdException {
        JsonNode response = call("/v3/kv/range", object().put("key", encode(key)));
        List<KeyValue> values = keyValues(response.path("kvs"));
        return new Read(values.isEmpty() ? null : values.get(0), revision(response));
    }

    /** Reads {@code key} as it was at {@code revision}; COMPACTED when that revision is gone. */
    public KeyValue getAt(String key, long revision) throws EtcdException {
        JsonNode response = call("/v3/kv/range", object().put("key", encode(key)).put("revision", Long.toString(revision)));
        List<KeyValue> values = keyValues(response.path("kvs"));
        return values.isEmpty() ? null : values.get(0);
    }

    /** The keys under {@code prefix} with their revisions, without their values. */
    public List<KeyValue> keysUnder(String prefix) throws EtcdException {
        JsonNode response = call("/v3/kv/range", object().put("key", encode(prefix)).put("range_end", encode(prefixEnd(prefix)))
                .put("keys_only", true));
        return keyValues(response.path("kvs"));
    }

    /** Writes {@code key}; returns the store's revision after the write. */
    public long put(String key, byte[] value) throws EtcdException {
        return revision(call("/v3/kv/put", putBody(key, value)));
    }

    /** Writes every key in one transaction (at most {@value #MAX_OPS} of them): all or none. */
    public long putAll(List<String> keys, List<byte[]> values) throws EtcdException {
        requireOps(keys.size());
        ObjectNode body = object();
        ArrayNode success = body.putArray("success");
        for (int i = 0; i < keys.size(); i++) {
            success.addObject().set("request_put", putBody(keys.get(i), values.get(i)));
        }
        return revision(call("/v3/kv/txn", body));
    }

    /** Deletes every key in one transaction (at most {@value #MAX_OPS} of them). */
    public void deleteAll(List<String> keys) throws EtcdException {
        requireOps(keys.size());
        ObjectNode body = object();
        ArrayNode success = body.putArray("success");
        for (String key : keys) {
            success.addObject().set("request_delete_range", object().put("key", encode(key)));
        }
        call("/v3/kv/txn", body);
    }

    private static void requireOps(int count) {
        if (count > MAX_OPS) {
            throw new IllegalArgumentException("etcd takes at most " + MAX_OPS + " operations per transaction");
        }
    }

    /** Deletes {@code key} (nothing when it is absent). */
    public void delete(String key) throws EtcdException {
        call("/v3/kv/deleterange", object().put("key", encode(key)));
    }

    /**
     * Writes {@code puts} (key → value, in order) if {@code key} was last written at revision
     * {@code modRevision}, or does not exist when {@code modRevision} is 0 — one transaction, so
     * nobody else's write can come between the comparison and the writes. When the comparison
     * fails, the result carries {@code key} as it is now.
     */
    public TxnResult putIfUnchanged(String key, long modRevision, List<String> keys, List<byte[]> values) throws EtcdException {
        ObjectNode compare = object().put("key", encode(key));
        if (modRevision == 0) {
            compare.put("target", "CREATE").put("result", "EQUAL").put("create_revision", "0");
        } else {
            compare.put("target", "MOD").put("result", "EQUAL").put("mod_revision", Long.toString(modRevision));
        }
        ObjectNode body = object();
        body.putArray("compare").add(compare);
        ArrayNode success = body.putArray("success");
        for (int i = 0; i < keys.size(); i++) {
            success.addObject().set("request_put", putBody(keys.get(i), values.get(i)));
        }
        body.putArray("failure").addObject().set("request_range", object().put("key", encode(key)));
        JsonNode response = call("/v3/kv/txn", body);
        boolean succeeded = response.path("succeeded").asBoolean(false);
        KeyValue current = null;
        if (!succeeded) {
            for (JsonNode op : response.path("responses")) {
                List<KeyValue> values2 = keyValues(op.path("response_range").path("kvs"));
                if (!values2.isEmpty()) {
                    current = values2.get(0);
                }
            }
        }
        return new TxnResult(succeeded, revision(response), current);
    }

    /**
     * Watches {@code key} from {@code startRevision} on (events at that revision included), on the
     * first endpoint that accepts; the caller reads {@link Watch#next} and closes it.
     */
    public Watch watch(String key, long startRevision) throws EtcdException {
        ObjectNode create = object().put("key", encode(key)).put("start_revision", Long.toString(startRevision));
        ObjectNode body = object();
        body.set("create_request", create);
        byte[] payload = bytes(body);
        List<String> failures = new ArrayList<>();
        for (int attempt = 0; attempt < 2; attempt++) {
            int count = connection.endpoints().size();
            int first = preferred;
            for (int i = 0; i < count; i++) {
                int index = (first + i) % count;
                Endpoint endpoint = connection.endpoints().get(index);
                try {
                    HttpResponse<InputStream> response = http.send(request(endpoint, "/v3/watch", payload, null),
                            HttpResponse.BodyHandlers.ofInputStream());
                    if (response.statusCode() != 200) {
                        String text = new String(response.body().readNBytes(4096), StandardCharsets.UTF_8);
                        response.body().close();
                        JsonNode error = parse(text, response.statusCode());
                        if (needsLogin(error) && attempt == 0 && connection.user() != null) {
                            login();
                            break;
                        }
                        failures.add(endpoint + ": " + problem(error));
                        continue;
                    }
                    preferred = index;
                    return new Watch(response.body(), json);
                } catch (IOException e) {
                    failures.add(endpoint + ": " + describe(e));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EtcdException(EtcdException.Kind.UNREACHABLE, "interrupted");
                }
            }
            if (failures.size() >= count) {
                break;
            }
        }
        throw new EtcdException(EtcdException.Kind.UNREACHABLE, String.join("; ", failures));
    }

    // ---- transport -----------------------------------------------------------------------------

    /**
     * Sends one request to the endpoints in turn; logs in (once) when the cluster asks for a
     * token. Returns the answer's JSON.
     */
    private JsonNode call(String path, ObjectNode body) throws EtcdException {
        byte[] payload = bytes(body);
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

    private JsonNode send(String path, byte[] payload) throws EtcdException, LoginNeeded {
        List<String> failures = new ArrayList<>();
        int count = connection.endpoints().size();
        int first = preferred;
        for (int i = 0; i < count; i++) {
            int index = (first + i) % count;
            Endpoint endpoint = connection.endpoints().get(index);
            try {
                requests.incrementAndGet();
                bytesSent.addAndGet(payload.length);
                HttpResponse<String> response = http.send(request(endpoint, path, payload, REQUEST_TIMEOUT),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                JsonNode answer = parse(response.body(), response.statusCode());
                if (!isError(answer)) {
                    preferred = index;
                    return answer;
                }
                int code = answer.path("code").asInt(0);
                if (needsLogin(answer)) {
                    throw new LoginNeeded(problem(answer));
                }
                if (code == PERMISSION_DENIED || code == UNAUTHENTICATED) {
                    throw new EtcdException(EtcdException.Kind.AUTH, "etcd refused the request: " + problem(answer));
                }
                if (code == OUT_OF_RANGE || problem(answer).contains("compacted")) {
                    throw new EtcdException(EtcdException.Kind.COMPACTED, problem(answer));
                }
                if (code == UNAVAILABLE || memberCannotServe(problem(answer))) {
                    failures.add(endpoint + ": " + problem(answer));
                    continue;
                }
                throw new EtcdException(EtcdException.Kind.REFUSED, "etcd refused the request: " + problem(answer));
            } catch (IOException e) {
                failures.add(endpoint + ": " + describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EtcdException(EtcdException.Kind.UNREACHABLE, "interrupted");
            }
        }
        throw new EtcdException(EtcdException.Kind.UNREACHABLE, String.join("; ", failures));
    }

    /** Gets a token for the configured user; later requests carry it until etcd refuses it. */
    private synchronized void login() throws EtcdException {
        char[] password = PasswordFile.read(connection.passwordFile());
        try {
            ObjectNode body = object().put("name", connection.user()).put("password", new String(password));
            JsonNode answer;
            try {
                answer = send("/v3/auth/authenticate", bytes(body));
            } catch (LoginNeeded e) {
                throw new EtcdException(EtcdException.Kind.AUTH, "etcd refused user " + connection.user() + ": " + e.getMessage());
            } catch (EtcdException e) {
                if (e.kind() != EtcdException.Kind.REFUSED) {
                    throw e;
                }
                throw new EtcdException(EtcdException.Kind.AUTH, "etcd refused user " + connection.user() + ": "
                        + e.getMessage().replace("etcd refused the request: ", ""));
            }
            String issued = answer.path("token").asText("");
            if (issued.isEmpty()) {
                throw new EtcdException(EtcdException.Kind.AUTH, "etcd gave no token for user " + connection.user()
                        + " (is authentication enabled on the cluster?)");
            }
            token = issued;
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    private HttpRequest request(Endpoint endpoint, String path, byte[] payload, Duration timeout) {
        URI uri = endpoint.base(connection.tls()).resolve(path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        if (timeout != null) {
            builder.timeout(timeout);
        }
        String current = token;
        if (current != null && !path.equals("/v3/auth/authenticate")) {
            builder.header("Authorization", current);
        }
        return builder.build();
    }

    private JsonNode parse(String body, int status) throws EtcdException {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new EtcdException(EtcdException.Kind.REFUSED, "not an etcd answer (HTTP " + status + ")");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new EtcdException(EtcdException.Kind.REFUSED, "not an etcd answer (HTTP " + status
                    + "; is this etcd's client port, and is its TLS setting right?)");
        }
    }

    private static boolean isError(JsonNode answer) {
        return answer.has("error") || answer.path("code").asInt(0) != 0;
    }

    private static boolean needsLogin(JsonNode answer) {
        String problem = problem(answer);
        return problem.contains("invalid auth token") || problem.contains("user name is empty");
    }

    /** A member that is up but cannot answer for the cluster: another member may. */
    private static boolean memberCannotServe(String problem) {
        return problem.contains("no leader") || problem.contains("timed out") || problem.contains("leader changed")
                || problem.contains("not capable") || problem.contains("too many requests") || problem.contains("stopped");
    }

    private static String problem(JsonNode answer) {
        String text = answer.path("error").asText(answer.path("message").asText("unknown error"));
        return text.replace('\n', ' ');
    }

    private static String describe(IOException e) {
        String name = e.getClass().getSimpleName();
        if (e instanceof java.net.http.HttpTimeoutException || e instanceof java.net.http.HttpConnectTimeoutException) {
            return "no answer in time";
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "TLS failed (" + e.getMessage() + ")";
        }
        return e.getMessage() == null ? name : name + ": " + e.getMessage();
    }

    // ---- JSON ----------------------------------------------------------------------------------

    private ObjectNode object() {
        return json.createObjectNode();
    }

    private ObjectNode putBody(String key, byte[] value) {
        return object().put("key", encode(key)).put("value", Base64.getEncoder().encodeToString(value));
    }

    private byte[] bytes(ObjectNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
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

    static long revision(JsonNode response) {
        return response.path("header").path("revision").asLong(0);
    }

    static List<KeyValue> keyValues(JsonNode kvs) {
        List<KeyValue> values = new ArrayList<>();
        for (JsonNode kv : kvs) {
            values.add(new KeyValue(new String(Base64.getDecoder().decode(kv.path("key").asText("")), StandardCharsets.UTF_8),
                    Base64.getDecoder().decode(kv.path("value").asText("")),
                    kv.path("create_revision").asLong(0), kv.path("mod_revision").asLong(0)));
        }
        return values;
    }

    @Override
    public void close() {
        // HttpClient has no close() before JDK 21; its threads are daemons and end with the JVM.
    }

    /** etcd asked for a token (none yet, or the one sent expired). */
    private static final class LoginNeeded extends Exception {
        private static final long serialVersionUID = 1L;

        LoginNeeded(String message) {
            super(message, null, false, false);
        }
    }
}
