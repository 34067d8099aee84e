package io.keystash.vault.format;

import io.keystash.vault.crypto.HmacSha256;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Test helper: re-seals a vault file after a test edited its clear part, as a newer Keystash (or
 * someone holding the key) would write it. Uses only {@link VaultCodec#write} and
 * {@link VaultCodec#macMatches}, so it follows the format's MAC however it is computed.
 */
public final class Reseal {
    private static final int HEADER_START = 14;

    private Reseal() {
    }

    /** Recomputes the SHA-256 header checksum; a file too short to hold one is left alone. */
    public static void checksum(byte[] file) {
        if (file.length < HEADER_START) {
            return;
        }
        long headerLength = (file[10] & 0xFFL) << 24 | (file[11] & 0xFF) << 16 | (file[12] & 0xFF) << 8 | file[13] & 0xFF;
        long end = HEADER_START + headerLength;
        if (end + 32 > file.length) {
            return;
        }
        System.arraycopy(sha256(file, (int) end), 0, file, (int) end, 32);
    }

    /** Recomputes the trailing file MAC of {@code file} under {@code macKey}. */
    public static void mac(byte[] file, byte[] macKey) {
        int macStart = file.length - HmacSha256.LENGTH;
        for (byte[] candidate : new byte[][] {
            new HmacSha256(macKey).update(sha256(file, macStart)).finish(),
            new HmacSha256(macKey).update(file, 0, macStart).finish(),
        }) {
            System.arraycopy(candidate, 0, file, macStart, HmacSha256.LENGTH);
            if (VaultCodec.macMatches(file, macKey)) {
                return;
            }
        }
        throw new AssertionError("no known MAC construction matches VaultCodec.macMatches");
    }

    private static byte[] sha256(byte[] data, int length) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(data, length));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
