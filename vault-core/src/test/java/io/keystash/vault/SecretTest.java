package io.keystash.vault;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretTest {
    private static final String VALUE = "sk-proj-0123456789abcdef";

    private static void assertInvalid(byte[] utf8) {
        assertThatThrownBy(() -> Secret.ofUtf8(utf8))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT));
    }

    @Test
    void toStringNeverShowsTheValue() throws Exception {
        try (Secret secret = Secret.ofUtf8(VALUE.getBytes(StandardCharsets.UTF_8))) {
            assertThat(secret.toString()).isEqualTo("Secret[***]").doesNotContain("sk-");
            assertThat("value: " + secret).doesNotContain("sk-");
            assertThat(String.valueOf(secret.copy())).doesNotContain("sk-");
        }
    }

    @Test
    void valuesUpTo64KiBAreAccepted() throws Exception {
        byte[] max = new byte[Secret.MAX_BYTES];
        Arrays.fill(max, (byte) 'x');
        try (Secret secret = Secret.ofUtf8(max)) {
            assertThat(secret.byteLength()).isEqualTo(64 * 1024);
        }
        byte[] tooBig = new byte[Secret.MAX_BYTES + 1];
        Arrays.fill(tooBig, (byte) 'x');
        assertThatThrownBy(() -> Secret.ofUtf8(tooBig))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
                .hasMessageContaining("64 KiB");
        assertThat(tooBig).as("a refused value is wiped").containsOnly((byte) 0);
    }

    @Test
    void emptyAndInvalidUtf8AreRefused() {
        assertInvalid(new byte[0]);
        assertInvalid(new byte[] {(byte) 0xC3, 0x28});                    // bad continuation
        assertInvalid(new byte[] {(byte) 0xC0, (byte) 0xAF});             // overlong '/'
        assertInvalid(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}); // encoded surrogate
        assertInvalid(new byte[] {'a', (byte) 0xFF});
        assertInvalid(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}); // above U+10FFFF
        assertInvalid(new byte[] {(byte) 0xE2, (byte) 0x82});             // truncated sequence
    }

    @Test
    void aNulCharacterIsRefusedAndTheBytesWiped() {
        byte[] withNul = "sk-before\u0000after".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Secret.ofUtf8(withNul)).isInstanceOfSatisfying(VaultException.class,
                e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
                .hasMessage("the value contains a NUL character, which no environment variable can carry");
        assertThat(withNul).containsOnly((byte) 0);
        assertThatThrownBy(() -> Secret.ofChars("a\u0000b".toCharArray())).isInstanceOf(VaultException.class);
    }

    @Test
    void anyValidUtf8WithoutNulIsAccepted() throws Exception {
        String text = "clé 🔑 ключ\tand\nnewlines\u0001\u007fcontrols";
        try (Secret secret = Secret.ofUtf8(text.getBytes(StandardCharsets.UTF_8));
             Secret same = Secret.ofChars(text.toCharArray())) {
            assertThat(secret.sameValueAs(same)).isTrue();
            assertThat(secret.reveal().equals(text)).isTrue();
        }
    }

    @Test
    void closeWipesTheBytesAndLaterRevealsFail() throws Exception {
        byte[] owned = VALUE.getBytes(StandardCharsets.UTF_8);
        Secret secret = Secret.ofUtf8(owned);
        Secret copy = secret.copy();
        secret.close();
        assertThat(owned).as("the secret owned this array and wiped it").containsOnly((byte) 0);
        assertThatThrownBy(secret::revealUtf8).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(secret::reveal).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> secret.writeTo(new ByteArrayOutputStream())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> secret.sameValueAs(copy)).isInstanceOf(IllegalStateException.class);
        try (copy; Secret expected = Secret.ofUtf8(VALUE.getBytes(StandardCharsets.UTF_8))) {
            assertThat(copy.sameValueAs(expected)).as("a copy survives").isTrue();
        }
    }

    @Test
    void sameValueAsComparesValues() throws Exception {
        try (Secret a = Secret.ofUtf8("one".getBytes(StandardCharsets.UTF_8));
             Secret b = Secret.ofUtf8("one".getBytes(StandardCharsets.UTF_8));
             Secret c = Secret.ofUtf8("two".getBytes(StandardCharsets.UTF_8));
             Secret d = Secret.ofUtf8("one!".getBytes(StandardCharsets.UTF_8))) {
            assertThat(a.sameValueAs(b)).isTrue();
            assertThat(a.sameValueAs(c)).isFalse();
            assertThat(a.sameValueAs(d)).isFalse();
        }
    }

    @Test
    void revealedBytesAreACopy() throws Exception {
        try (Secret secret = Secret.ofUtf8(VALUE.getBytes(StandardCharsets.UTF_8));
             Secret expected = Secret.ofUtf8(VALUE.getBytes(StandardCharsets.UTF_8))) {
            byte[] revealed = secret.revealUtf8();
            Arrays.fill(revealed, (byte) 0);
            assertThat(secret.sameValueAs(expected)).isTrue();
        }
    }
}
