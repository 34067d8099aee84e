package io.keystash.vault.state;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.format.Header;
import io.keystash.vault.format.RecipientSlot;
import io.keystash.vault.format.SlotKind;
import io.keystash.vault.format.VaultId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyncAgeTest {
    @TempDir
    Path home;

    private final VaultId id = VaultId.of(new byte[16]);
    private final Header header = new Header(0, id, 3, List.of(new RecipientSlot(1, SlotKind.KEY_FILE, null, null, new byte[32],
            new byte[60])));
    private final Instant now = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void aReplicaSyncedWithinMaxAgeIsServedAndAnOlderOneIsNot() throws Exception {
        StateFolder state = StateFolder.under(home);
        state.update(id, facts -> facts.synced(new VaultFacts.Sync("abc123", 42, 3, now.minusSeconds(600).toEpochMilli(), false)));
        assertThatCode(() -> SyncAge.require(header, home.resolve("vault"), state, Duration.ofMinutes(11), now)).doesNotThrowAnyException();
        assertThatThrownBy(() -> SyncAge.require(header, home.resolve("vault"), state, Duration.ofMinutes(9), now))
                .isInstanceOfSatisfying(VaultException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.OLDER);
                    assertThat(e.getMessage()).contains("last synced 10m ago").contains("max-age=9m");
                });
    }

    @Test
    void aReplicaNeverSyncedIsRefused() {
        assertThatThrownBy(() -> SyncAge.require(header, home.resolve("vault"), StateFolder.under(home), Duration.ofDays(1), now))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.getMessage()).contains("never been synced"));
    }

    @Test
    void theSyncLineSurvivesOtherUpdatesOfTheStateFile() throws Exception {
        StateFolder state = StateFolder.under(home);
        VaultFacts.Sync sync = new VaultFacts.Sync("abc123", 42, 3, 1_000, true);
        state.update(id, facts -> facts.synced(sync));
        state.update(id, facts -> facts.seen(9).written(9).approving("k", "fp"));
        assertThat(state.read(id).sync()).isEqualTo(sync);
        assertThat(state.read(id).highestSeen()).isEqualTo(9);
        assertThat(Files.readString(state.folder().resolve("vault-" + id.hex()))).contains("sync abc123 42 3 1000 1");
    }

    @Test
    void durationsShowTheirTwoLargestUnits() {
        assertThat(SyncAge.describe(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(SyncAge.describe(Duration.ofSeconds(725))).isEqualTo("12m 5s");
        assertThat(SyncAge.describe(Duration.ofMinutes(182))).isEqualTo("3h 2m");
        assertThat(SyncAge.describe(Duration.ofHours(52))).isEqualTo("2d 4h");
        assertThat(SyncAge.describe(Duration.ofHours(48))).isEqualTo("2d");
        assertThat(SyncAge.describe(Duration.ZERO)).isEqualTo("0s");
    }
}
