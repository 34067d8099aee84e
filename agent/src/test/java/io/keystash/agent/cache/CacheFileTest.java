package io.keystash.agent.cache;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheFileTest {
    private static final List<String> NAMES = List.of("java/lang/System", "java/lang/KeystashEnvironment");
    private static final CacheKey KEY = CacheKey.builder().text("test").bytes(new byte[] {1, 2, 3}).build();

    private static Map<String, byte[]> classes() {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        classes.put(NAMES.get(0), classFile(40, (byte) 7));
        classes.put(NAMES.get(1), classFile(25, (byte) 9));
        return classes;
    }

    private static byte[] classFile(int length, byte fill) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, fill);
        ByteBuffer.wrap(bytes).putInt(0xCAFEBABE);
        return bytes;
    }

    @Test
    void whatIsWrittenReadsBackExactly() throws CacheFile.DamagedException {
        Map<String, byte[]> read = CacheFile.decode(CacheFile.encode(KEY, classes()), KEY, NAMES);
        assertThat(read.keySet()).containsExactlyElementsOf(NAMES);
        for (String name : NAMES) {
            assertThat(read.get(name)).isEqualTo(classes().get(name));
        }
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] file = CacheFile.encode(KEY, classes());
        for (int length = 0; length < file.length; length++) {
            byte[] truncated = Arrays.copyOf(file, length);
            assertThatThrownBy(() -> CacheFile.decode(truncated, KEY, NAMES)).as("cut at %d", length)
                    .isInstanceOf(CacheFile.DamagedException.class);
        }
    }

    @Test
    void everyFlippedByteIsRefused() {
        byte[] file = CacheFile.encode(KEY, classes());
        for (int position = 0; position < file.length; position++) {
            byte[] damaged = file.clone();
            damaged[position] ^= 0x01;
            assertThatThrownBy(() -> CacheFile.decode(damaged, KEY, NAMES)).as("flipped at %d", position)
                    .isInstanceOf(CacheFile.DamagedException.class);
        }
    }

    @Test
    void anAppendedByteIsRefused() {
        byte[] file = CacheFile.encode(KEY, classes());
        assertThatThrownBy(() -> CacheFile.decode(Arrays.copyOf(file, file.length + 1), KEY, NAMES))
                .isInstanceOf(CacheFile.DamagedException.class).hasMessageContaining("truncated or overlong");
    }

    @Test
    void aFileWrittenForAnotherKeyIsRefused() {
        CacheKey other = CacheKey.builder().text("test").bytes(new byte[] {1, 2, 4}).build();
        assertThat(other).isNotEqualTo(KEY);
        assertThatThrownBy(() -> CacheFile.decode(CacheFile.encode(other, classes()), KEY, NAMES))
                .isInstanceOf(CacheFile.DamagedException.class).hasMessageContaining("another JDK or agent");
    }

    @Test
    void otherClassesThanExpectedAreRefused() {
        byte[] file = CacheFile.encode(KEY, classes());
        assertThatThrownBy(() -> CacheFile.decode(file, KEY, List.of(NAMES.get(1), NAMES.get(0))))
                .isInstanceOf(CacheFile.DamagedException.class).hasMessageContaining("unexpected class");
        assertThatThrownBy(() -> CacheFile.decode(file, KEY, List.of(NAMES.get(0))))
                .isInstanceOf(CacheFile.DamagedException.class).hasMessageContaining("holds 2 classes");
    }

    @Test
    void aPayloadThatIsNotAClassFileIsRefusedEvenWithAValidChecksum() {
        Map<String, byte[]> notClasses = classes();
        notClasses.put(NAMES.get(1), new byte[] {1, 2, 3, 4, 5});
        byte[] file = CacheFile.encode(KEY, notClasses);
        assertThatThrownBy(() -> CacheFile.decode(file, KEY, NAMES))
                .isInstanceOf(CacheFile.DamagedException.class).hasMessageContaining("unexpected class");
    }

    @Test
    void theKeyCoversEveryInputAndTheirBoundaries() {
        CacheKey ab = CacheKey.builder().text("ab").text("c").build();
        assertThat(CacheKey.builder().text("ab").text("c").build()).isEqualTo(ab);
        assertThat(CacheKey.builder().text("a").text("bc").build()).isNotEqualTo(ab);
        assertThat(CacheKey.builder().text("ab").text("d").build()).isNotEqualTo(ab);
        assertThat(ab.fileName()).matches("[0-9a-f]{64}\\.classes");
    }
}
