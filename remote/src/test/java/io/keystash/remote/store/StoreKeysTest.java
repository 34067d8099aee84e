package io.keystash.remote.store;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class StoreKeysTest {
    private final StoreKeys keys = new StoreKeys("teams/a");
    private final byte[] digest = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

    @Test
    void aGroupIsStoredUnderItsDigestInChunksBelowEtcdsRequestCap() {
        assertThat(keys.manifest()).isEqualTo("teams/a/m");
        assertThat(keys.blobKeys(digest, 10)).containsExactly("teams/a/b/" + HexFormat.of().formatHex(digest));
        assertThat(keys.blobKeys(digest, StoreKeys.CHUNK)).hasSize(1);
        assertThat(keys.blobKeys(digest, StoreKeys.CHUNK + 1)).containsExactly(
                "teams/a/b/" + HexFormat.of().formatHex(digest) + "/0", "teams/a/b/" + HexFormat.of().formatHex(digest) + "/1");
        assertThat(StoreKeys.CHUNK * 4 / 3).as("base64 of a chunk fits etcd's 1.5 MiB").isLessThan(1_500_000);
    }

    @Test
    void onlyBlobKeysAreBlobs() {
        String hex = HexFormat.of().formatHex(digest);
        assertThat(keys.isBlob("teams/a/b/" + hex)).isTrue();
        assertThat(keys.isBlob("teams/a/b/" + hex + "/3")).isTrue();
        assertThat(keys.isBlob("teams/a/m")).isFalse();
        assertThat(keys.isBlob("teams/a/b/m")).as("a store nested under this prefix").isFalse();
        assertThat(keys.isBlob("teams/a/b/" + hex + "/m")).isFalse();
        assertThat(keys.isBlob("teams/ab/" + hex)).isFalse();
    }
}
