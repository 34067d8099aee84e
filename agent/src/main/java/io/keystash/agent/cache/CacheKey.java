package io.keystash.agent.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Names one set of transformed classes: SHA-256 over every input that can change them (the
 * original JDK class files, the agent's version and the agent's own class files that shape the
 * result). A JDK update, another agent build or another holder gives another key, so a cache file
 * is never stale by construction; the key is also stored inside the file, so a file under the
 * wrong name is refused.
 */
public final class CacheKey {
    /** Changes when the cache file format or what the key covers changes. */
    private static final String FORMAT = "keystash-agent-class-cache/1";
    static final int LENGTH = 32;

    private final byte[] digest;

    private CacheKey(byte[] digest) {
        this.digest = digest;
    }

    /** A builder over the inputs, each length-prefixed so no two lists of inputs hash alike. */
    public static Builder builder() {
        return new Builder();
    }

    byte[] bytes() {
        return digest.clone();
    }

    boolean matches(byte[] stored) {
        return MessageDigest.isEqual(digest, stored);
    }

    /** The cache file's name: the key in hex. */
    String fileName() {
        return HexFormat.of().formatHex(digest) + ".classes";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CacheKey key && Arrays.equals(digest, key.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return fileName();
    }

    /** Collects the inputs of a {@link CacheKey}. */
    public static final class Builder {
        private final MessageDigest sha256 = sha256();

        private Builder() {
            text(FORMAT);
        }

        public Builder text(String text) {
            return bytes(text.getBytes(StandardCharsets.UTF_8));
        }

        public Builder bytes(byte[] input) {
            sha256.update(ByteBuffer.allocate(4).putInt(input.length).array());
            sha256.update(input);
            return this;
        }

        public CacheKey build() {
            return new CacheKey(sha256.digest());
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
