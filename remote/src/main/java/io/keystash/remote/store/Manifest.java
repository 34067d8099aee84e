package io.keystash.remote.store;

import io.keystash.vault.format.FileGroups;
import io.keystash.vault.format.MalformedException;
import io.keystash.vault.format.NewerFormatException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The store's description of the vault file ({@code PREFIX/m}):
 *
 * <pre>
 * magic "KSMANIF1" (8) ‖ front length (4) ‖ front ‖ 256 × (group size (4) ‖ SHA-256 (32)) ‖ file MAC (32)
 * </pre>
 *
 * The front is the file's own (magic through record count: the clear header with the vault id,
 * the generation and the key slots), the digests are the ones the file MAC is computed over, so
 * the manifest says nothing the vault file does not. A few kilobytes whatever the vault's size.
 */
public final class Manifest {
    static final byte[] MAGIC = "KSMANIF1".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST = 32;
    private static final int MAX_FRONT = 128 * 1024;

    private Manifest() {
    }

    public static byte[] encode(FileGroups groups) {
        byte[] front = groups.front();
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 4 + front.length + FileGroups.GROUPS * (4 + DIGEST) + DIGEST);
        out.put(MAGIC).putInt(front.length).put(front);
        for (int group = 0; group < FileGroups.GROUPS; group++) {
            out.putInt(Math.toIntExact(groups.size(group))).put(groups.digest(group));
        }
        out.put(groups.mac());
        return out.array();
    }

    /** Reads a manifest; anything but an exact, well-formed one is MalformedException. */
    public static FileGroups decode(byte[] bytes) throws MalformedException, NewerFormatException {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < MAGIC.length + 4 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new MalformedException("not a Keystash manifest");
        }
        in.position(MAGIC.length);
        int frontLength = in.getInt();
        long expected = MAGIC.length + 4L + frontLength + FileGroups.GROUPS * (4L + DIGEST) + DIGEST;
        if (frontLength < 0 || frontLength > MAX_FRONT || expected != bytes.length) {
            throw new MalformedException("a manifest of " + bytes.length + " bytes does not match its front length");
        }
        byte[] front = new byte[frontLength];
        in.get(front);
        long[] sizes = new long[FileGroups.GROUPS];
        byte[][] digests = new byte[FileGroups.GROUPS][DIGEST];
        for (int group = 0; group < FileGroups.GROUPS; group++) {
            sizes[group] = Integer.toUnsignedLong(in.getInt());
            in.get(digests[group]);
        }
        byte[] mac = new byte[DIGEST];
        in.get(mac);
        return FileGroups.of(front, sizes, digests, mac);
    }
}
