package io.keystash.it.reliability;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A unique secret value for one test, and the forms in which a leak of it could show: as typed,
 * base64 (padded and url-safe), and hex (both cases). Assertions report where a form was found,
 * never the value.
 */
record Canary(String value) {
    static Canary fresh(String prefix) {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return new Canary(prefix + "-" + HexFormat.of().formatHex(bytes));
    }

    byte[] utf8() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** The value's forms as byte strings to search for. */
    List<byte[]> forms() {
        byte[] raw = utf8();
        return List.of(raw,
                Base64.getEncoder().encodeToString(raw).getBytes(StandardCharsets.US_ASCII),
                Base64.getUrlEncoder().withoutPadding().encodeToString(raw).getBytes(StandardCharsets.US_ASCII),
                HexFormat.of().formatHex(raw).getBytes(StandardCharsets.US_ASCII),
                HexFormat.of().withUpperCase().formatHex(raw).getBytes(StandardCharsets.US_ASCII),
                value.getBytes(StandardCharsets.UTF_16LE),
                value.getBytes(StandardCharsets.UTF_16BE));
    }

    /** Whether any form occurs in {@code haystack}. */
    boolean foundIn(byte[] haystack) {
        for (byte[] form : forms()) {
            if (count(haystack, form) > 0) {
                return true;
            }
        }
        return false;
    }

    boolean foundIn(String text) {
        return foundIn(text.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 hex of the value, what a test compares output with. */
    String sha256() {
        return sha256(utf8());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Occurrences of {@code needle} in {@code haystack} (overlaps not counted twice). */
    static int count(byte[] haystack, byte[] needle) {
        int found = 0;
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            found++;
            i += needle.length - 1;
        }
        return found;
    }

    @Override
    public String toString() {
        return "Canary[" + value.length() + " chars]";
    }
}
