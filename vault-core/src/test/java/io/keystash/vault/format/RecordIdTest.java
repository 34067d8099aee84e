package io.keystash.vault.format;

import io.keystash.vault.crypto.HmacSha256;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static io.keystash.vault.SeededCases.bytes;
import static io.keystash.vault.SeededCases.cases;
import static io.keystash.vault.SeededCases.text;
import static org.assertj.core.api.Assertions.assertThat;

class RecordIdTest {
    private static final long SEED = 0x5245434944L;

    /** An id computed the long way: a fresh HMAC over the label, cut to 16 bytes. */
    private static RecordId expected(byte[] idKey, String label) {
        byte[] tag = new HmacSha256(idKey).update(label.getBytes(StandardCharsets.UTF_8)).finish();
        return RecordId.at(Arrays.copyOf(tag, RecordId.BYTES), 0);
    }

    @TestFactory
    Stream<DynamicTest> oneDeriverGivesEveryIdAFreshHmacWouldInAnyOrder() {
        return cases(SEED, 300, random -> {
            byte[] idKey = bytes(random, 32);
            RecordId.Deriver deriver = new RecordId.Deriver(idKey);
            for (int i = 0; i < 12; i++) {
                String name = text(random, 40);
                if (random.nextBoolean()) {
                    RecordKind kind = RecordKind.values()[random.nextInt(RecordKind.values().length)];
                    RecordId id = deriver.of(kind, name);
                    assertThat(id).isEqualTo(expected(idKey, kind.tag() + "\0" + name))
                            .isEqualTo(RecordId.of(idKey, kind, name));
                } else {
                    int version = 1 + random.nextInt(1000);
                    RecordId id = deriver.ofValue(name, version);
                    assertThat(id).isEqualTo(expected(idKey, RecordKind.VALUE.tag() + "\0" + name + "\0" + version))
                            .isEqualTo(RecordId.ofValue(idKey, name, version));
                }
            }
        });
    }

    @Test
    void idsDifferByKeyKindNameAndVersion() {
        SplittableRandom random = new SplittableRandom(SEED);
        byte[] idKey = bytes(random, 32);
        byte[] otherKey = bytes(random, 32);
        RecordId.Deriver deriver = new RecordId.Deriver(idKey);
        RecordId key = deriver.of(RecordKind.KEY, "openai");
        assertThat(new RecordId.Deriver(otherKey).of(RecordKind.KEY, "openai")).isNotEqualTo(key);
        assertThat(deriver.of(RecordKind.VALUE, "openai")).isNotEqualTo(key);
        assertThat(deriver.of(RecordKind.KEY, "openai2")).isNotEqualTo(key);
        assertThat(deriver.ofValue("openai", 1)).isNotEqualTo(deriver.ofValue("openai", 2));
        assertThat(deriver.of(RecordKind.KEY, "openai")).isEqualTo(key);
    }
}
