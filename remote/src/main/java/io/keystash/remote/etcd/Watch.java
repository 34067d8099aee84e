package io.keystash.remote.etcd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A watch on one key: the gateway streams one JSON object per line, each a batch of events (or a
 * notice that the watch was created, made progress, or was cancelled). Closing it from another
 * thread ends a {@link #next} that is waiting.
 */
public final class Watch implements AutoCloseable {
    private final InputStream body;
    private final BufferedReader lines;
    private volatile boolean closed;

    Watch(InputStream body) {
        this.body = body;
        this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /**
     * Waits for the next batch and returns the highest revision it writes the key at (0 for a
     * batch without events: the watch's creation or a progress notice). UNREACHABLE when the
     * stream ends; COMPACTED when the start revision was compacted away.
     */
    public long next() throws EtcdException {
        String line;
        try {
            line = lines.readLine();
        } catch (IOException e) {
            throw new EtcdException(EtcdException.Kind.UNREACHABLE, closed ? "watch closed"
                    : "the watch stream failed: " + EtcdClient.describe(e));
        }
        if (line == null) {
            throw new EtcdException(EtcdException.Kind.UNREACHABLE, closed ? "watch closed" : "the watch stream ended");
        }
        Map<String, Object> message = Json.read(line.getBytes(StandardCharsets.UTF_8));
        if (message == null) {
            throw new EtcdException(EtcdException.Kind.UNREACHABLE, "the watch stream broke off mid-message");
        }
        if (message.containsKey("error")) {
            Map<String, Object> error = Json.object(message, "error");
            throw new EtcdException(EtcdException.Kind.UNREACHABLE, "the watch failed: "
                    + Json.text(error, "message", Json.text(message, "error", "")));
        }
        Map<String, Object> result = Json.object(message, "result");
        if (Json.number(result, "compact_revision") > 0) {
            throw new EtcdException(EtcdException.Kind.COMPACTED, "the watch's start revision was compacted");
        }
        if (Json.bool(result, "canceled")) {
            throw new EtcdException(EtcdException.Kind.UNREACHABLE, "etcd cancelled the watch ("
                    + Json.text(result, "cancel_reason", "no reason given") + ")");
        }
        long highest = 0;
        for (Map<String, Object> event : Json.objects(result, "events")) {
            highest = Math.max(highest, Json.number(Json.object(event, "kv"), "mod_revision"));
        }
        return highest;
    }

    /** Ends the watch; a {@link #next} waiting on another thread returns with UNREACHABLE. */
    @Override
    public void close() {
        closed = true;
        try {
            body.close();
        } catch (IOException e) {
            // closing was all that was wanted
        }
    }
}
