package io.keystash.vault.format;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static io.keystash.vault.SeededCases.bytes;
import static io.keystash.vault.SeededCases.cases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ByteReader#utf8}: an ASCII fast path that must decide exactly as the strict decoder. */
class ByteReaderTest {
    private static final long SEED = 0x5554463838L;

    @Test
    void asciiMultiByteAndInvalidText() throws Exception {
        byte[] data = "key-1é€😀".getBytes(StandardCharsets.UTF_8);
        assertThat(new ByteReader(data).utf8(5)).isEqualTo("key-1");
        ByteReader reader = new ByteReader(data);
        assertThat(reader.utf8(data.length)).isEqualTo("key-1é€😀");
        assertThat(reader.hasRemaining()).isFalse();
        assertThatThrownBy(() -> new ByteReader(new byte[] {'a', (byte) 0xC3}).utf8(2))
                .isInstanceOf(MalformedException.class).hasMessageContaining("invalid UTF-8");
        assertThatThrownBy(() -> new ByteReader(new byte[] {'a'}).utf8(2)).isInstanceOf(MalformedException.class);
    }

    @TestFactory
    Stream<DynamicTest> decodesRandomBytesExactlyAsTheStrictDecoder() {
        return cases(SEED, 200, random -> {
            byte[] data = bytes(random, random.nextInt(40));
            if (random.nextBoolean()) {
                for (int i = 0; i < data.length; i++) {
                    data[i] &= 0x7F; // all ASCII: the fast path
                }
            }
            String expected;
            try {
                expected = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
            } catch (CharacterCodingException e) {
                expected = null;
            }
            ByteReader reader = new ByteReader(data);
            if (expected == null) {
                assertThatThrownBy(() -> reader.utf8(data.length)).isInstanceOf(MalformedException.class);
            } else {
                assertThat(reader.utf8(data.length)).isEqualTo(expected);
                assertThat(reader.position()).isEqualTo(data.length);
            }
        });
    }
}
