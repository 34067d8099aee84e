package io.keystash.remote.etcd;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's JSON, with jackson-core's streaming reader and writer: answers become plain maps,
 * lists, strings, numbers and booleans. Why not databind's tree: a command that writes to the
 * store starts a JVM for one or two requests, and databind's first use costs a couple of hundred
 * classes (measured: about 0.1 s of that command's start on two cores).
 */
final class Json {
    /** etcd caps a request at 1.5 MiB; an answer of many large values may be larger, never this large. */
    private static final int MAX_STRING = 64 * 1024 * 1024;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING).maxNestingDepth(32).build())
            .build();

    private Json() {
    }

    /** A request body, written field by field. */
    interface Body {
        void write(JsonGenerator out) throws IOException;
    }

    static byte[] write(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator out = FACTORY.createGenerator(bytes)) {
            out.writeStartObject();
            body.write(out);
            out.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON to memory", e);
        }
        return bytes.toByteArray();
    }

    /** The answer, which must be one JSON object; null when it is not JSON at all. */
    static Map<String, Object> read(byte[] answer) {
        try (JsonParser in = FACTORY.createParser(answer)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Map<String, Object> object = object(in);
            return in.nextToken() == null ? object : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, Object> object(JsonParser in) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String name = in.currentName();
            in.nextToken();
            object.put(name, value(in));
        }
        return object;
    }

    private static Object value(JsonParser in) throws IOException {
        switch (in.currentToken()) {
            case START_OBJECT:
                return object(in);
            case START_ARRAY:
                List<Object> list = new ArrayList<>();
                while (in.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(in));
                }
                return list;
            case VALUE_STRING:
                return in.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return in.getNumberValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            default:
                return null;
        }
    }

    // ---- reading fields ------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> in, String field) {
        Object value = in == null ? null : in.get(field);
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(Map<String, Object> in, String field) {
        Object value = in == null ? null : in.get(field);
        List<Map<String, Object>> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map) {
                    out.add((Map<String, Object>) item);
                }
            }
        }
        return out;
    }

    static String text(Map<String, Object> in, String field, String absent) {
        Object value = in == null ? null : in.get(field);
        return value == null ? absent : value.toString();
    }

    /** etcd's 64-bit numbers come as strings; 0 when absent or not a number. */
    static long number(Map<String, Object> in, String field) {
        Object value = in == null ? null : in.get(field);
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return value == null ? 0 : Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static boolean bool(Map<String, Object> in, String field) {
        Object value = in == null ? null : in.get(field);
        return Boolean.TRUE.equals(value) || "true".equals(value);
    }
}
