package io.keystash.it.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Test programs report what they saw as SHA-256 hashes, never values, so neither their output nor
 * an assertion message can hold a secret; the test compares with the hash of what it stored.
 */
public final class Hashes {
    /** What a program reports for a missing (null) value. */
    public static final String NULL = "null";

    private Hashes() {
    }

    /** {@code sha256:HEX} of the UTF-8 bytes, or {@link #NULL}. */
    public static String of(String value) {
        return value == null ? NULL : "sha256:" + sha256Hex(value);
    }

    /** The SHA-256 of the UTF-8 bytes in lower-case hex, as {@code sha256sum} prints it. */
    public static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
