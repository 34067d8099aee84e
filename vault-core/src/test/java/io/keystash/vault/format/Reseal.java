package io.keystash.vault.format;

import io.keystash.vault.crypto.HmacSha256;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Test helper: re-seals a vault file after a test edited its clear part, as a newer Keystash (or
 * someone holding the key) would write it: the header checksum, the file MAC of the file's own
 * format version (through {@link VaultCodec#expectedMac}, so it follows the format however the MAC
 * is computed), or a whole file turned into a format 1 file as an older Keystash wrote it.
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

    /** Recomputes the trailing file MAC of {@code file} under {@code macKey}; the file must parse. */
    public static void mac(byte[] file, byte[] macKey) {
        try {
            byte[] mac = VaultCodec.expectedMac(VaultCodec.parse(file), macKey, null);
            System.arraycopy(mac, 0, file, file.length - HmacSha256.LENGTH, HmacSha256.LENGTH);
        } catch (MalformedException | NewerFormatException e) {
            throw new AssertionError("cannot re-seal a file that does not parse: " + e.getMessage(), e);
        }
        if (!VaultCodec.macMatches(file, macKey)) {
            throw new AssertionError("the re-sealed MAC does not match VaultCodec.macMatches");
        }
    }

    /**
     * The same vault as format 1 wrote it (version byte 1, its single-hash MAC): what every vault
     * written before format 2 looks like. The records and header are unchanged.
     */
    public static byte[] asFormat1(byte[] file, byte[] macKey) {
        byte[] old = file.clone();
        old[8] = (byte) VaultCodec.MAJOR_V1;
        checksum(old);
        int macStart = old.length - HmacSha256.LENGTH;
        byte[] mac = new HmacSha256(macKey).update(sha256(old, macStart)).finish();
        System.arraycopy(mac, 0, old, macStart, HmacSha256.LENGTH);
        return old;
    }

    private static byte[] sha256(byte[] data, int length) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(data, length));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
