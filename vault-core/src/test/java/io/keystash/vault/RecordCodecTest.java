package io.keystash.vault;

import io.keystash.vault.format.FieldWriter;
import io.keystash.vault.format.MalformedException;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.DayPeriods;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.KeyVersion;
import io.keystash.vault.model.Profile;
import io.keystash.vault.model.RateLimit;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;

import static io.keystash.vault.SeededCases.bytes;
import static io.keystash.vault.SeededCases.cases;
import static io.keystash.vault.SeededCases.from;
import static io.keystash.vault.SeededCases.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** Record plaintexts: random keys, profiles and catalogs survive encode → decode unchanged. */
class RecordCodecTest {
    private static final long SEED = 0x5245434F52L;
    private static final int[] NAME_START = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".codePoints().toArray();
    private static final int[] NAME_REST = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-".codePoints().toArray();
    private static final int[] ENV_START = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz_".codePoints().toArray();
    private static final int[] ENV_REST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_".codePoints().toArray();
    private static final int[] TAG_REST = "abcdefghijklmnopqrstuvwxyz0123456789._:-".codePoints().toArray();
    private static final int[] PROPERTY = "abcdefghijklmnopqrstuvwxyz.ABCXYZ0123456789_-:/éü😀".codePoints().toArray();
    private static final String[] PROVIDERS = {"openai", "anthropic", "google", "aws", "azure", "huggingface", "custom"};
    private static final String[] UNITS = {"s", "min", "h", "day"};

    static String keyName(SplittableRandom random) {
        return from(random, NAME_START, 1) + from(random, NAME_REST, random.nextInt(random.nextInt(10) == 0 ? 128 : 20));
    }

    static String envVar(SplittableRandom random) {
        return from(random, ENV_START, 1) + from(random, ENV_REST, random.nextInt(30));
    }

    static String property(SplittableRandom random) {
        return from(random, PROPERTY, 1 + random.nextInt(30));
    }

    private static String textOrNull(SplittableRandom random, int maxLength) {
        return random.nextInt(4) == 0 ? null : text(random, maxLength);
    }

    private static Instant instant(SplittableRandom random) {
        return Instant.ofEpochMilli(random.nextLong(-2_000_000_000_000L, 9_000_000_000_000L));
    }

    static KeyMetadata metadata(SplittableRandom random) throws VaultException {
        KeyMetadata.Builder b = KeyMetadata.builder()
                .provider(PROVIDERS[random.nextInt(PROVIDERS.length)])
                .description(textOrNull(random, 60))
                .endpoint(random.nextBoolean() ? null : "https://" + from(random, TAG_REST, 12) + "/v1")
                .keep(1 + random.nextInt(KeyMetadata.MAX_KEEP))
                .rotateCommand(textOrNull(random, 40))
                .validateCommand(textOrNull(random, 40));
        List<String> tags = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            tags.add(from(random, NAME_START, 1) + from(random, TAG_REST, random.nextInt(20)));
        }
        b.tags(tags);
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            settings.put(envVar(random), text(random, 50));
        }
        b.settings(settings);
        if (random.nextBoolean()) {
            b.rateLimit(new RateLimit(1 + random.nextLong(Long.MAX_VALUE - 1), UNITS[random.nextInt(UNITS.length)]));
        }
        if (random.nextBoolean()) {
            b.expires(LocalDate.ofEpochDay(random.nextLong(0, LocalDate.of(9999, 12, 31).toEpochDay())));
        }
        if (random.nextBoolean()) {
            b.rotateEveryDays(1 + random.nextInt(DayPeriods.MAX_DAYS));
        }
        if (random.nextBoolean()) {
            b.env(envVar(random));
        }
        if (random.nextBoolean()) {
            b.property(property(random));
        }
        return b.build();
    }

    static KeyEntry key(SplittableRandom random) throws VaultException {
        List<KeyVersion> versions = new ArrayList<>();
        int number = 0;
        for (int i = 1 + random.nextInt(6); i > 0; i--) {
            number += 1 + random.nextInt(random.nextBoolean() ? 1 : 1000);
            versions.add(new KeyVersion(number, instant(random), text(random, 20), text(random, 20)));
        }
        return new KeyEntry(keyName(random), instant(random), metadata(random), versions);
    }

    static Profile profile(SplittableRandom random) {
        List<Binding> bindings = new ArrayList<>();
        for (int i = random.nextInt(8); i > 0; i--) {
            int shape = random.nextInt(3);
            bindings.add(new Binding(keyName(random), shape == 1 ? null : envVar(random), shape == 0 ? null : property(random)));
        }
        return new Profile(keyName(random), textOrNull(random, 60), bindings);
    }

    @TestFactory
    Stream<DynamicTest> keysRoundTrip() {
        return cases(SEED, 300, random -> {
            KeyEntry key = key(random);
            assertThat(RecordCodec.key(RecordCodec.key(key))).isEqualTo(key);
        });
    }

    @TestFactory
    Stream<DynamicTest> profilesRoundTrip() {
        return cases(SEED + 1_000, 300, random -> {
            Profile profile = profile(random);
            assertThat(RecordCodec.profile(RecordCodec.profile(profile))).isEqualTo(profile);
        });
    }

    @TestFactory
    Stream<DynamicTest> catalogsRoundTrip() {
        return cases(SEED + 2_000, 200, random -> {
            TreeSet<String> keys = new TreeSet<>();
            TreeSet<String> profiles = new TreeSet<>();
            for (int i = random.nextInt(30); i > 0; i--) {
                keys.add(keyName(random));
            }
            for (int i = random.nextInt(5); i > 0; i--) {
                profiles.add(keyName(random));
            }
            Catalog catalog = new Catalog(instant(random), keys, profiles);
            Catalog back = RecordCodec.catalog(RecordCodec.catalog(catalog));
            assertThat(back.created).isEqualTo(catalog.created);
            assertThat(back.keys).isEqualTo(keys);
            assertThat(back.profiles).isEqualTo(profiles);
        });
    }

    @TestFactory
    Stream<DynamicTest> garbledRecordsFailAsMalformedOnly() {
        return cases(SEED + 3_000, 300, random -> {
            byte[] plaintext = switch (random.nextInt(3)) {
                case 0 -> RecordCodec.key(key(random));
                case 1 -> RecordCodec.profile(profile(random));
                default -> bytes(random, random.nextInt(100));
            };
            for (int i = 1 + random.nextInt(3); i > 0 && plaintext.length > 0; i--) {
                plaintext[random.nextInt(plaintext.length)] = (byte) random.nextInt(256);
            }
            for (int kind = 0; kind < 3; kind++) {
                try {
                    switch (kind) {
                        case 0 -> RecordCodec.key(plaintext);
                        case 1 -> RecordCodec.profile(plaintext);
                        default -> RecordCodec.catalog(plaintext);
                    }
                } catch (MalformedException expected) {
                    // refused cleanly
                } catch (RuntimeException e) {
                    fail("record kind " + kind + " threw " + e.getClass().getName() + ": " + e.getMessage());
                }
            }
        });
    }

    @Test
    void keyRecordWithoutVersionsIsMalformed() {
        byte[] noVersions = new FieldWriter().string(1, "name").string(3, "custom").toByteArray();
        assertThatThrownBy(() -> RecordCodec.key(noVersions)).isInstanceOf(MalformedException.class);
    }

    @Test
    void bindingWithoutTargetIsMalformed() {
        byte[] record = new FieldWriter().string(1, "prod").nested(2, new FieldWriter().string(1, "key")).toByteArray();
        assertThatThrownBy(() -> RecordCodec.profile(record)).isInstanceOf(MalformedException.class);
    }

    @Test
    void aProfileRecordWrittenBeforeDescriptionsReadsWithoutOne() throws Exception {
        byte[] older = new FieldWriter().string(1, "prod")
                .nested(2, new FieldWriter().string(1, "k").string(2, "K")).toByteArray();
        assertThat(RecordCodec.profile(older)).isEqualTo(new Profile("prod", null, List.of(new Binding("k", "K", null))));
    }

    @Test
    void aProfileWithoutDescriptionWritesNoDescriptionField() {
        Profile profile = new Profile("prod", List.of(new Binding("k", "K", null)));
        Profile described = new Profile("prod", "Production keys", profile.bindings());
        byte[] without = RecordCodec.profile(profile);
        assertThat(RecordCodec.profile(described)).hasSize(without.length + 1 + 4 + "Production keys".length())
                .startsWith(without);
    }

    @Test
    void unknownTagsAreSkippedSoAMinorVersionCanAddFields() throws Exception {
        Profile profile = new Profile("prod", List.of(new Binding("k", "K", null)));
        byte[] record = RecordCodec.profile(profile);
        byte[] extended = new byte[record.length + 10];
        System.arraycopy(record, 0, extended, 0, record.length);
        System.arraycopy(new FieldWriter().string(99, "hello").toByteArray(), 0, extended, record.length, 10);
        assertThat(RecordCodec.profile(extended)).isEqualTo(profile);
    }
}
