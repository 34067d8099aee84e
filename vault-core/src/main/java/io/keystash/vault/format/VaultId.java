package io.keystash.vault.format;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A vault's random 128-bit identity, in clear in the header (format 3 on). Copies of one vault —
 * backups, replicas on other machines — share it, which is what lets a machine remember the newest
 * generation of that vault it has opened and refuse an older copy. It reveals nothing but that
 * two files are copies of one vault.
 */
public final class VaultId {
    public static final int BYTES = 16;

    private final byte[] bytes;

    private VaultId(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a vault id has 16 bytes");
        }
        this.bytes = bytes.clone();
    }

    public static VaultId of(byte[] bytes) {
        return new VaultId(bytes);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** 32 lower-case hex digits: safe in file names. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VaultId v && Arrays.equals(bytes, v.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
