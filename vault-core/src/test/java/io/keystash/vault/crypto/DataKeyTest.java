package io.keystash.vault.crypto;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A data key hands out copies of its keys, never the arrays it holds, and nothing after close. */
class DataKeyTest {
    private static final List<Function<DataKey, byte[]>> ACCESSORS = List.of(DataKey::rawForWrapping,
            DataKey::recordKey, DataKey::recordIdKey, DataKey::fileMacKey, DataKey::auditKey);

    @Test
    void wipingWhatItHandedOutLeavesTheKeyIntact() {
        try (DataKey key = DataKey.generate()) {
            for (Function<DataKey, byte[]> accessor : ACCESSORS) {
                byte[] first = accessor.apply(key);
                byte[] kept = first.clone();
                assertThat(first).hasSize(DataKey.BYTES).isNotEqualTo(new byte[DataKey.BYTES]);
                assertThat(key.toString()).doesNotContainPattern("[0-9a-f]{8}");
                java.util.Arrays.fill(first, (byte) 0);
                byte[] second = accessor.apply(key);
                assertThat(second).as("the next copy is unharmed").isEqualTo(kept).isNotSameAs(first);
            }
        }
    }

    @Test
    void theRawKeyAndThePurposeKeysDifferAndDeriveTheSameFromTheSameRawKey() {
        try (DataKey key = DataKey.generate(); DataKey again = DataKey.of(key.rawForWrapping())) {
            for (int i = 0; i < ACCESSORS.size(); i++) {
                assertThat(ACCESSORS.get(i).apply(again)).isEqualTo(ACCESSORS.get(i).apply(key));
                for (int j = i + 1; j < ACCESSORS.size(); j++) {
                    assertThat(ACCESSORS.get(i).apply(key)).isNotEqualTo(ACCESSORS.get(j).apply(key));
                }
            }
        }
    }

    @Test
    void closeWipesEveryKeyItHolds() throws Exception {
        DataKey key = DataKey.generate();
        List<byte[]> held = new ArrayList<>();
        for (Field field : DataKey.class.getDeclaredFields()) {
            if (field.getType() == byte[].class) {
                field.setAccessible(true);
                held.add((byte[]) field.get(key));
            }
        }
        assertThat(held).as("the raw key and four purpose keys").hasSize(ACCESSORS.size());
        assertThat(held).allSatisfy(bytes -> assertThat(bytes).isNotEqualTo(new byte[DataKey.BYTES]));
        key.close();
        assertThat(held).allSatisfy(bytes -> assertThat(bytes).containsOnly((byte) 0));
    }

    @Test
    void aClosedKeyHandsOutNothing() {
        DataKey key = DataKey.generate();
        key.close();
        for (Function<DataKey, byte[]> accessor : ACCESSORS) {
            assertThatThrownBy(() -> accessor.apply(key)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
    }
}
