package io.keystash.vault.format;

import io.keystash.vault.crypto.Sha256;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.keystash.vault.SeededCases.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileGroupsTest {
    private static final byte[] MAC_KEY = new byte[32];

    private static byte[] file(SplittableRandom random, int records) {
        Header header = new Header(VaultCodec.MINOR, VaultId.of(bytes(random, 16)), 7,
                List.of(new RecipientSlot(1, SlotKind.KEY_FILE, null, null, bytes(random, 32), bytes(random, 60))));
        Map<RecordId, byte[]> map = VaultCodecTest.namedRecords(random, bytes(random, 32), RecordKind.KEY, records, 1, 3000);
        return VaultCodec.write(header, map, MAC_KEY);
    }

    @Test
    void aFileCutIntoItsPartsJoinsBackAndItsDigestsAreTheMacs() throws Exception {
        SplittableRandom random = new SplittableRandom(17);
        byte[] file = file(random, 600);
        FileGroups groups = FileGroups.of(file);

        assertThat(groups.length()).isEqualTo(file.length);
        assertThat(groups.header().generation()).isEqualTo(7);
        assertThat(groups.front()).isEqualTo(Arrays.copyOf(file, groups.frontLength()));
        assertThat(groups.mac()).isEqualTo(Arrays.copyOfRange(file, file.length - 32, file.length));
        byte[] joined = new byte[file.length];
        System.arraycopy(groups.front(), 0, joined, 0, groups.frontLength());
        for (int group = 0; group < FileGroups.GROUPS; group++) {
            int offset = (int) groups.offset(group);
            int size = (int) groups.size(group);
            assertThat(Sha256.of(file, offset, size)).isEqualTo(groups.digest(group));
            System.arraycopy(file, offset, joined, offset, size);
        }
        System.arraycopy(groups.mac(), 0, joined, file.length - 32, 32);
        assertThat(joined).isEqualTo(file);

        // the same parts given one by one (as a store keeps them) describe the same file
        long[] sizes = new long[FileGroups.GROUPS];
        byte[][] digests = new byte[FileGroups.GROUPS][];
        for (int group = 0; group < FileGroups.GROUPS; group++) {
            sizes[group] = groups.size(group);
            digests[group] = groups.digest(group);
        }
        assertThat(FileGroups.of(groups.front(), sizes, digests, groups.mac()).sameAs(groups)).isTrue();
    }

    @Test
    void aLaidOutFileKnowsItsGroupsWithoutHashingAgain() throws Exception {
        byte[] file = file(new SplittableRandom(5), 200);
        ParsedVault parsed = VaultCodec.parse(file);
        assertThat(VaultCodec.macMatches(parsed, MAC_KEY)).isTrue();
        EncodedFile laidOut = VaultCodec.layout(parsed.header(), parsed.table(), MAC_KEY);
        assertThat(laidOut.toByteArray()).isEqualTo(file);
        assertThat(laidOut.groups().sameAs(FileGroups.of(file))).isTrue();
    }

    @Test
    void aFrontThatIsNotExactlyAFormat3FrontIsRefused() throws Exception {
        FileGroups groups = FileGroups.of(file(new SplittableRandom(9), 10));
        byte[] front = groups.front();
        long[] sizes = new long[FileGroups.GROUPS];
        byte[][] digests = new byte[FileGroups.GROUPS][];
        for (int group = 0; group < FileGroups.GROUPS; group++) {
            sizes[group] = groups.size(group);
            digests[group] = groups.digest(group);
        }
        byte[] flipped = front.clone();
        flipped[20] ^= 1;
        assertThatThrownBy(() -> FileGroups.of(flipped, sizes, digests, groups.mac()))
                .isInstanceOf(MalformedException.class).hasMessageContaining("checksum");
        byte[] longer = Arrays.copyOf(front, front.length + 1);
        assertThatThrownBy(() -> FileGroups.of(longer, sizes, digests, groups.mac()))
                .isInstanceOf(MalformedException.class).hasMessageContaining("unexpected");
        byte[] older = front.clone();
        older[8] = 2;
        assertThatThrownBy(() -> FileGroups.of(older, sizes, digests, groups.mac())).isInstanceOf(MalformedException.class);
        byte[] newer = front.clone();
        newer[8] = 9;
        assertThatThrownBy(() -> FileGroups.of(newer, sizes, digests, groups.mac())).isInstanceOf(NewerFormatException.class);
        long[] negative = sizes.clone();
        negative[3] = -1;
        assertThatThrownBy(() -> FileGroups.of(front, negative, digests, groups.mac())).isInstanceOf(MalformedException.class);
    }
}
