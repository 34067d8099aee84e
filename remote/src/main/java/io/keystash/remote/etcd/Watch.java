package io.keystash.remote.etcd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A watch on one key: the gateway streams one JSON object per line, each a batch of events (or a
 * notice that the watch was created, or cancelled). Closing it from another thread ends a
 * {@link #next} that is waiting.
 */
public final class Watch implements AutoCloseable {
    private final InputStream body;
    private final BufferedReader lines;
    private final ObjectMapper json;
    private volatile boolean closed;

    Watch(InputStream body, ObjectMapper json) {
        this.body = body;
        this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        this.json = json;
    }

    /**
     * Waits for the next batch and returns the highest revision it writes the key at (0 for a
     * batch without events: the watch's creation or a progress notice). UNREACHABLE when the
     * stream ends; COMPACTED when the start revision was compacted away.
     */
    public long next() throws EtcdException {
        try {
            String line = lines.readLine();
            if (line == null) {
                throw new EtcdException(EtcdException.Kind.UNREACHABLE, closed ? "watch closed" : "the watch stream ended");
            }
            JsonNode message = json.readTree(line);
            if (message.has("error")) {
                throw new EtcdException(EtcdException.Kind.UNREACHABLE, "the watch failed: "
                        + message.path("error").path("message").asText(message.path("error").asText("")));
            }
            JsonNode result = message.path("result");
            if (result.path("compact_revision").asLong(0) > 0) {
                throw new EtcdException(EtcdException.Kind.COMPACTED, "the watch's start revision was compacted");
            }
            if (result.path("canceled").asBoolean(false)) {
                throw new EtcdException(EtcdException.Kind.UNREACHABLE, "etcd cancelled the watch ("
                        + result.path("cancel_reason").asText("no reason given") + ")");
            }
            long highest = 0;
            for (JsonNode event : result.path("events")) {
                highest = Math.max(highest, event.path("kv").path("mod_revision").asLong(0));
            }
            return highest;
        } catch (JsonProcessingException e) {
            throw new EtcdException(EtcdException.Kind.UNREACHABLE, "the watch stream broke off mid-message");
        } catch (IOException e) {
            throw new EtcdException(EtcdException.Kind.UNREACHABLE, closed ? "watch closed" : "the watch stream failed: "
                    + e.getClass().getSimpleName());
        }
    }

    /** Ends the watch; a {@link #next} waiting on another thread returns with UNREACHABLE. */
    @Override
    public void close() {
        closed = true;
        try {
            body.close();
        } catch (IOException e) {
            // closing is all that was wanted
        }
    }
}
