package io.keystash.cli.terminal;

import io.keystash.cli.ScriptedTerminal;
import io.keystash.vault.Secret;
import io.keystash.vault.VaultException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretInputTest {
    private static SecretInput piped(String text) {
        return new SecretInput(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), ScriptedTerminal.none());
    }

    @Test
    void stripsOneNewlineOrCrlf() throws VaultException {
        try (Secret a = piped("abc\n").value("x"); Secret b = piped("abc\r\n").value("x"); Secret c = piped("abc\n\n").value("x")) {
            assertThat(a.byteLength()).isEqualTo(3);
            assertThat(b.byteLength()).isEqualTo(3);
            assertThat(c.byteLength()).isEqualTo(4);
        }
    }

    @Test
    void noInputIsAnErrorNotAHang() {
        assertThatThrownBy(() -> piped("").value("x")).hasMessageStartingWith("no value on standard input");
    }

    @Test
    void endOfInputAtThePromptIsAnError() {
        SecretInput input = new SecretInput(new ByteArrayInputStream(new byte[0]), ScriptedTerminal.answering());
        assertThatThrownBy(() -> input.value("x")).hasMessageContaining("end of input");
    }

    @Test
    void newPassphraseFromStdin() throws VaultException {
        assertThat(piped("pw\n").newPassphrase("p", "none").chars()).containsExactly('p', 'w');
        assertThatThrownBy(() -> piped("").newPassphrase("p", "nothing here")).hasMessage("nothing here");
    }
}
