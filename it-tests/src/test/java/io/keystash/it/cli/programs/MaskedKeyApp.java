package io.keystash.it.cli.programs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An application as a person would write one: it reads {@code OPENAI_API_KEY} and prints it
 * masked, as a careful program logs a key: its first three characters, its length, and the start
 * of its SHA-256 (so a test can tell it is the right key without the key on the screen).
 */
public final class MaskedKeyApp {
    private MaskedKeyApp() {
    }

    public static void main(String[] args) throws NoSuchAlgorithmException {
        String key = System.getenv("OPENAI_API_KEY");
        if (key == null) {
            System.out.println("OPENAI_API_KEY is not set");
            return;
        }
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        System.out.println("OPENAI_API_KEY " + key.substring(0, 3) + "*** (" + key.length() + " characters, sha256 "
                + hash.substring(0, 12) + ")");
    }
}
