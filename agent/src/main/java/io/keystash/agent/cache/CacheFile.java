package io.keystash.agent.cache;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes of one cache file, and the checks that decide whether a file may be used.
 *
 * <pre>
 * magic     4   "KSCF"
 * version   1   1
 * key       32  the {@link CacheKey} the file was written for
 * checksum  12  payload length, CRC-32 and CRC-32C ({@link CacheKey#fingerprint})
 * length    4   payload length (big-endian, as every number here)
 * payload       count u2, then per class: name length u2, internal name (UTF-8),
 *               class file length u4, class file
 * </pre>
 *
 * A file is used only when the magic, version and key match, the length is exact, the checksum
 * matches, the classes are exactly the expected names in order, and each starts with
 * {@code 0xCAFEBABE}. The checksum catches a truncated, corrupt or half-written file (two independent
 * CRCs: every error burst up to 32 bits is caught, anything else misses with odds of about 2^-64);
 * it is not a signature (see {@link ClassFileCache} for why none is needed). Version 1 held a
 * SHA-256 here, which the interpreter took 10–15 ms to compute at every start.
 */
final class CacheFile {
    private static final byte[] MAGIC = {'K', 'S', 'C', 'F'};
    private static final int VERSION = 2;
    private static final int CHECKSUM = 12;
    private static final int HEADER = MAGIC.length + 1 + CacheKey.LENGTH + CHECKSUM + 4;
    /** Far above the ~40 KB a cache file holds; a bigger file is not ours. */
    static final int MAX_SIZE = 4 << 20;

    private CacheFile() {
    }

    static byte[] encode(CacheKey key, Map<String, byte[]> classes) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(classes.size() >>> 8);
        payload.write(classes.size());
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            byte[] name = entry.getKey().getBytes(StandardCharsets.UTF_8);
            payload.write(name.length >>> 8);
            payload.write(name.length);
            payload.write(name, 0, name.length);
            payload.writeBytes(ByteBuffer.allocate(4).putInt(entry.getValue().length).array());
            payload.writeBytes(entry.getValue());
        }
        byte[] body = payload.toByteArray();
        return ByteBuffer.allocate(HEADER + body.length).put(MAGIC).put((byte) VERSION).put(key.bytes())
                .put(CacheKey.fingerprint(body)).putInt(body.length).put(body).array();
    }

    /**
     * The classes in {@code file}, exactly {@code expectedNames} in order.
     *
     * @throws DamagedException naming the first check that failed
     */
    static Map<String, byte[]> decode(byte[] file, CacheKey key, List<String> expectedNames) throws DamagedException {
        try {
            ByteBuffer in = ByteBuffer.wrap(file);
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC) || in.get() != VERSION) {
                throw new DamagedException("not a cache file of this format");
            }
            byte[] storedKey = new byte[CacheKey.LENGTH];
            in.get(storedKey);
            if (!key.matches(storedKey)) {
                throw new DamagedException("written for another JDK or agent");
            }
            byte[] checksum = new byte[CHECKSUM];
            in.get(checksum);
            int length = in.getInt();
            if (length != in.remaining()) {
                throw new DamagedException("truncated or overlong");
            }
            byte[] body = new byte[length];
            in.get(body);
            if (!MessageDigest.isEqual(checksum, CacheKey.fingerprint(body))) {
                throw new DamagedException("checksum mismatch");
            }
            return classes(ByteBuffer.wrap(body), expectedNames);
        } catch (BufferUnderflowException e) {
            throw new DamagedException("truncated");
        }
    }

    private static Map<String, byte[]> classes(ByteBuffer body, List<String> expectedNames) throws DamagedException {
        int count = Short.toUnsignedInt(body.getShort());
        if (count != expectedNames.size()) {
            throw new DamagedException("holds " + count + " classes, not " + expectedNames.size());
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (String expected : expectedNames) {
            byte[] name = new byte[Short.toUnsignedInt(body.getShort())];
            body.get(name);
            int size = body.getInt();
            if (size < 4 || size > body.remaining()) {
                throw new DamagedException("bad class length");
            }
            byte[] classFile = new byte[size];
            body.get(classFile);
            if (!expected.equals(new String(name, StandardCharsets.UTF_8)) || ByteBuffer.wrap(classFile).getInt() != 0xCAFEBABE) {
                throw new DamagedException("unexpected class");
            }
            classes.put(expected, classFile);
        }
        if (body.hasRemaining()) {
            throw new DamagedException("trailing bytes");
        }
        return classes;
    }

    /** A file that must not be used; the message says which check failed. */
    static final class DamagedException extends Exception {
        private static final long serialVersionUID = 1L;

        DamagedException(String message) {
            super(message, null, false, false);
        }
    }
}
