package io.keystash.vault.rotation;

import io.keystash.vault.Secret;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.Profile;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** History (vault versions plus the audit log) and the report's per-key rows and totals. */
class RotationHistoryAndReportTest {
    private static final Instant START = Instant.parse("2026-01-01T08:00:00Z");

    @TempDir
    Path dir;
    private final MovableClock clock = new MovableClock(START);
    private VaultStore store;
    private KeyFileKey key;
    private Rotator rotator;

    /** A clock tests move forward, so versions get distinct times. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advanceDays(long days) {
            now = now.plus(Duration.ofDays(days));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void vault() throws Exception {
        store = VaultStore.at(VaultPaths.of(dir.resolve("vault"))).withClock(clock);
        key = KeyFileKey.generate();
        store.create(key, null);
        rotator = Rotator.withDiscoveredProviders(store, clock);
    }

    @AfterEach
    void wipe() {
        key.close();
    }

    private static Secret secret(String text) throws VaultException {
        return Secret.ofUtf8(text.getBytes(StandardCharsets.UTF_8));
    }

    private void store(String name, KeyMetadata metadata) throws VaultException {
        store.update(key, vault -> vault.storeKey(name, metadata, secret(name + "-1"), "tester@host"));
    }

    private List<KeyEntry> keys() throws VaultException {
        try (Vault vault = store.open(key)) {
            return vault.keys();
        }
    }

    @Test
    void historyHasEveryChangeWithVersionsIncludingPrunedOnesAndFailures() throws Exception {
        store("api", KeyMetadata.builder().keep(2).build());
        for (int i = 2; i <= 4; i++) {
            clock.advanceDays(10);
            rotator.rotate(key, "api", secret("api-" + i), MetadataEdit.NONE);
        }
        clock.advanceDays(1);
        rotator.rollback(key, "api", 3, false);
        clock.advanceDays(1);
        rotator.rotateWithProvider(key, "api", m -> m.toBuilder().rotateCommand("exit 7").build(), false);

        List<RotationHistory.Event> events = RotationHistory.of(keys(), store.auditLog());

        assertThat(events).extracting(RotationHistory.Event::action, RotationHistory.Event::fromVersion,
                RotationHistory.Event::toVersion, RotationHistory.Event::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("rotate", 1, 2, "ok"),
                org.assertj.core.groups.Tuple.tuple("rotate", 2, 3, "ok"),
                org.assertj.core.groups.Tuple.tuple("rotate", 3, 4, "ok"),
                org.assertj.core.groups.Tuple.tuple("rollback from 3", 4, 5, "ok"),
                org.assertj.core.groups.Tuple.tuple("rotate", 5, 0, "failed: provider"));
        assertThat(events.get(0).detail()).isEqualTo("version pruned");
        assertThat(events.get(4).detail()).contains("exited with status 7");
        assertThat(events).allMatch(e -> e.key().equals("api") && e.actor().contains("@"));
        assertThat(events).extracting(RotationHistory.Event::time).isSorted();
    }

    @Test
    void reportGivesEachKeysStateAndTotalsPerProviderAndProfile() throws Exception {
        store("old", KeyMetadata.builder().provider("openai").rotateEveryDays(30).rotateCommand("echo x").build());
        store("fresh", KeyMetadata.builder().provider("openai").build());
        store("cloud", KeyMetadata.builder().provider("aws").expires(LocalDate.of(2026, 2, 1)).build());
        store.update(key, vault -> {
            vault.createProfile("prod");
            vault.bind("prod", new Binding("old", "OPENAI_API_KEY", null));
            vault.bind("prod", new Binding("cloud", "AWS_SECRET_ACCESS_KEY", null));
            return vault.createProfile("dev");
        });
        clock.advanceDays(10);
        rotator.rotate(key, "old", secret("old-2"), MetadataEdit.NONE);
        clock.advanceDays(20);
        rotator.rotate(key, "old", secret("old-3"), MetadataEdit.NONE);
        clock.advanceDays(40); // old: rotated 40 days ago with a 30-day period, so expired; cloud expired on Feb 1
        LocalDate today = LocalDate.of(2026, 3, 12);

        List<Profile> profiles = new ArrayList<>();
        try (Vault vault = store.open(key)) {
            for (String name : vault.profileNames()) {
                profiles.add(vault.profile(name));
            }
        }
        RotationReport report = RotationReport.of(keys(), profiles, today, k -> {
            try {
                return rotator.providerFor(k).map(RotationProvider::id).orElse(null);
            } catch (RotationFailure e) {
                return null;
            }
        });

        RotationReport.Row old = report.keys().stream().filter(r -> r.status().key().equals("old")).findFirst().orElseThrow();
        assertThat(old.status().rotations()).isEqualTo(2);
        assertThat(old.status().meanIntervalDays()).isEqualTo(15.0);
        assertThat(old.status().ageDays()).isEqualTo(70);
        assertThat(old.status().lastRotated()).isEqualTo(LocalDate.of(2026, 1, 31));
        assertThat(old.status().dueDate()).isEqualTo(LocalDate.of(2026, 3, 2));
        assertThat(old.status().overdue()).isTrue();
        assertThat(old.rotationProvider()).isEqualTo("command");
        assertThat(old.profiles()).containsExactly("prod");
        RotationReport.Row fresh = report.keys().stream().filter(r -> r.status().key().equals("fresh")).findFirst().orElseThrow();
        assertThat(fresh.status().dueDate()).isNull();
        assertThat(fresh.status().overdue()).isFalse();
        assertThat(fresh.status().meanIntervalDays()).isNull();
        assertThat(fresh.rotationProvider()).isNull();

        assertThat(report.byProvider()).containsExactly(
                new RotationReport.Total("aws", 1, 1, 1, 0, 1),
                new RotationReport.Total("openai", 2, 1, 1, 2, 1));
        assertThat(report.byProfile()).containsExactly(
                new RotationReport.Total("dev", 0, 0, 0, 0, 0),
                new RotationReport.Total("prod", 2, 2, 2, 2, 1));
    }
}
