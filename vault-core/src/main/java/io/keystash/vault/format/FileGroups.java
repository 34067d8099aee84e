package io.keystash.vault.format;

import io.keystash.vault.crypto.HmacSha256;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A format 3 vault file cut where its MAC cuts it (see {@code vault-core/FORMAT.md}, "File MAC"):
 * the front (magic through record count), the 256 record groups with their SHA-256, and the file
 * MAC. Nothing is decrypted or authenticated here.
 *
 * <p>Why: a copy of the vault kept elsewhere (a shared store) is these parts, each group stored by
 * its digest, so that a change to a few records sends a few groups. The digests are the ones the
 * file MAC is computed over, so a reader who reassembles the parts and checks the MAC has checked
 * every part.
 */
public final class FileGroups {
    public static final int GROUPS = SortedRecords.GROUPS;

    private final Header header;
    private final byte[] front;
    private final long[] sizes;
    private final byte[][] digests;
    private final byte[] mac;

    FileGroups(Header header, byte[] front, long[] sizes, byte[][] digests, byte[] mac) {
        if (sizes.length != GROUPS || digests.length != GROUPS || mac.length != HmacSha256.LENGTH) {
            throw new IllegalArgumentException("a vault file has " + GROUPS + " record groups and a 32-byte MAC");
        }
        this.header = header;
        this.front = front;
        this.sizes = sizes;
        this.digests = digests;
        this.mac = mac;
    }

    /** Cuts a whole file; the group digests are computed. Only format 3 files have an id to share by. */
    public static FileGroups of(byte[] file) throws MalformedException, NewerFormatException {
        ParsedVault parsed = VaultCodec.parse(file);
        if (parsed.major() != VaultCodec.MAJOR) {
            throw new MalformedException("a format " + parsed.major() + " vault (it becomes format "
                    + VaultCodec.MAJOR + " at its first change)");
        }
        RecordTable table = parsed.table();
        byte[][] digests = GroupDigests.of(table);
        long[] sizes = new long[GROUPS];
        for (int group = 0; group < GROUPS; group++) {
            sizes[group] = table.size(group);
        }
        return new FileGroups(parsed.header(), Arrays.copyOfRange(file, 0, table.start()), sizes, digests,
                Arrays.copyOfRange(file, file.length - HmacSha256.LENGTH, file.length));
    }

    /**
     * The parts as given (a copy of the vault stored elsewhere), checked for structure: the front
     * parses as a format 3 front with its header checksum right, and the sizes fit the file caps.
     * Whether the parts belong together is for the file MAC to say once they are joined.
     */
    public static FileGroups of(byte[] front, long[] sizes, byte[][] digests, byte[] mac)
            throws MalformedException, NewerFormatException {
        Header header = VaultCodec.parseFront(front);
        long total = front.length + (long) HmacSha256.LENGTH;
        for (int group = 0; group < GROUPS; group++) {
            if (sizes[group] < 0 || digests[group] == null || digests[group].length != 32) {
                throw new MalformedException("record group " + group + " is described wrongly");
            }
            total += sizes[group];
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new MalformedException("the parts add up to " + total + " bytes, more than a vault file holds");
        }
        return new FileGroups(header, front.clone(), sizes.clone(), deepCopy(digests), mac.clone());
    }

    private static byte[][] deepCopy(byte[][] digests) {
        byte[][] copy = new byte[digests.length][];
        for (int i = 0; i < digests.length; i++) {
            copy[i] = digests[i].clone();
        }
        return copy;
    }

    /** The clear header: vault id, generation, slots. */
    public Header header() {
        return header;
    }

    /** Every byte before the first record. */
    public byte[] front() {
        return front.clone();
    }

    public int frontLength() {
        return front.length;
    }

    public long size(int group) {
        return sizes[group];
    }

    /** SHA-256 of group {@code group}'s bytes (of nothing, for an empty group). */
    public byte[] digest(int group) {
        return digests[group].clone();
    }

    /** True when group {@code group} has exactly the digest {@code digest}. */
    public boolean hasDigest(int group, byte[] digest) {
        return MessageDigest.isEqual(digests[group], digest);
    }

    public byte[] mac() {
        return mac.clone();
    }

    /** Where group {@code group} starts in the whole file. */
    public long offset(int group) {
        long offset = front.length;
        for (int g = 0; g < group; g++) {
            offset += sizes[g];
        }
        return offset;
    }

    /** The whole file's length. */
    public long length() {
        return offset(GROUPS) + HmacSha256.LENGTH;
    }

    /** True when both describe the same bytes (same front, group digests and MAC). */
    public boolean sameAs(FileGroups other) {
        if (!Arrays.equals(front, other.front) || !Arrays.equals(sizes, other.sizes) || !MessageDigest.isEqual(mac, other.mac)) {
            return false;
        }
        for (int group = 0; group < GROUPS; group++) {
            if (!MessageDigest.isEqual(digests[group], other.digests[group])) {
                return false;
            }
        }
        return true;
    }
}
