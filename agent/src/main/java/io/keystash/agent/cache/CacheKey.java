package io.keystash.agent.cache;

import io.keystash.vault.crypto.Sha256;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.HexFormat;

/**
 * Names one set of transformed classes: SHA-256 over every input that can change them (the
 * original JDK class files, the agent's version, the agent's own class files that shape the
 * result and the ASM that writes it). A JDK update, another agent build, another holder or another
 * Byte Buddy release (another ASM) gives another key, so a cache file
 * is never stale by construction; the key is also stored inside the file, so a file under the
 * wrong name is refused.
 */
public final class CacheKey {
    /** Changes when the cache file format or what the key covers changes. */
    private static final String FORMAT = "keystash-agent-class-cache/3";
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
        private final ByteArrayOutputStream inputs = new ByteArrayOutputStream(256);

        private Builder() {
            text(FORMAT);
        }

        public Builder text(String text) {
            return bytes(text.getBytes(StandardCharsets.UTF_8));
        }

        public Builder bytes(byte[] input) {
            inputs.writeBytes(fingerprint(input));
            return this;
        }

        /**
         * An input known by its size and CRC-32 only, as a jar's central directory lists each entry:
         * for files too large to read at every start (Byte Buddy's ASM).
         */
        public Builder checksum(long size, long crc32) {
            inputs.writeBytes(ByteBuffer.allocate(16).putLong(size).putLong(crc32).array());
            return this;
        }

        public CacheKey build() {
            byte[] all = inputs.toByteArray();
            return new CacheKey(sha256(all));
        }
    }

    /** Length, CRC-32 and CRC-32C of {@code input}: 12 bytes. */
    static byte[] fingerprint(byte[] input) {
        CRC32 crc32 = new CRC32();
        crc32.update(input, 0, input.length);
        CRC32C crc32c = new CRC32C();
        crc32c.update(input, 0, input.length);
        return ByteBuffer.allocate(12).putInt(input.length).putInt((int) crc32.getValue()).putInt((int) crc32c.getValue())
                .array();
    }

    private static byte[] sha256(byte[] input) {
        return Sha256.of(input, 0, input.length);
    }
}
