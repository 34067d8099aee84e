package io.keystash.remote.store;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The store's keys under its prefix: {@code PREFIX/m}, the manifest, and {@code PREFIX/b/HEX}
 * (or {@code PREFIX/b/HEX/N} for the N-th chunk of a group larger than {@link #CHUNK} bytes),
 * each record group by the SHA-256 of its bytes. Nothing in a key names a key, a profile or a
 * member.
 */
final class StoreKeys {
    /** A chunk stays well under etcd's default request cap of 1.5 MiB, base64 and JSON included. */
    static final int CHUNK = 768 * 1024;
    private static final Pattern BLOB = Pattern.compile("[0-9a-f]{64}(/[0-9]{1,4})?");

    private final String prefix;

    StoreKeys(String prefix) {
        this.prefix = prefix;
    }

    String manifest() {
        return prefix + "/m";
    }

    String blobPrefix() {
        return prefix + "/b/";
    }

    /** The keys a group of {@code size} bytes with {@code digest} is stored under, in order. */
    List<String> blobKeys(byte[] digest, long size) {
        String base = blobPrefix() + HexFormat.of().formatHex(digest);
        int chunks = chunks(size);
        if (chunks == 1) {
            return List.of(base);
        }
        List<String> keys = new ArrayList<>(chunks);
        for (int i = 0; i < chunks; i++) {
            keys.add(base + "/" + i);
        }
        return keys;
    }

    static int chunks(long size) {
        return (int) Math.max(1, (size + CHUNK - 1) / CHUNK);
    }

    /** True when {@code key} is a blob's key (and not, say, a store nested under this prefix). */
    boolean isBlob(String key) {
        return key.startsWith(blobPrefix()) && BLOB.matcher(key.substring(blobPrefix().length())).matches();
    }
}
