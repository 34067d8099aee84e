package io.keystash.cli.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The program the demo launches with {@code -javaagent}: an ordinary main that reads its keys with
 * {@code System.getenv} and {@code System.getProperty}, prints them masked with a short
 * fingerprint, then waits (so the demo can inspect it from outside) until a line arrives on stdin.
 */
public final class DemoProgram {
    /** The line that tells the demo the program is ready to be inspected: {@code READY pid}. */
    static final String READY = "READY ";

    private DemoProgram() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("System.getenv(\"OPENAI_API_KEY\")          = " + masked(System.getenv("OPENAI_API_KEY")));
        System.out.println("System.getenv(\"ANTHROPIC_API_KEY\")       = " + masked(System.getenv("ANTHROPIC_API_KEY")));
        System.out.println("System.getProperty(\"anthropic.api.key\")  = " + masked(System.getProperty("anthropic.api.key")));
        System.out.println("System.getenv().containsKey(\"OPENAI_API_KEY\") = " + System.getenv().containsKey("OPENAI_API_KEY"));
        System.out.println("API_KEY_MASTER / KEYSTASH_KEY_FILE visible    = "
                + (System.getenv("API_KEY_MASTER") != null || System.getenv("KEYSTASH_KEY_FILE") != null));
        System.out.println(READY + ProcessHandle.current().pid());
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }

    /** {@code sk-d...(40 chars, sha256 1a2b3c4d)}: enough to recognise a key, not to use it. ASCII, whatever the locale. */
    static String masked(String value) {
        if (value == null) {
            return "(not set)";
        }
        return value.substring(0, Math.min(4, value.length())) + "...(" + value.length() + " chars, sha256 "
                + fingerprint(value) + ")";
    }

    static String fingerprint(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
