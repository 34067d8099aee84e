package io.keystash.cli.terminal;

import io.keystash.cli.ScriptedTerminal;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.unlock.Passphrase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnlockPromptTest {
    @Test
    void theTypedPassphraseIsReturnedAsTypedAtTheTerminal() throws Exception {
        ScriptedTerminal terminal = ScriptedTerminal.answering("correct horse");
        try (Passphrase passphrase = UnlockPrompt.ask(terminal, "Passphrase for v: ", "locked")) {
            assertThat(passphrase.origin()).isEqualTo("terminal prompt");
        }
        assertThat(terminal.prompts).containsExactly("Passphrase for v: ");
    }

    @Test
    void anEmptyAnswerLeavesItLockedWithTheGivenMessage() {
        assertThatThrownBy(() -> UnlockPrompt.ask(ScriptedTerminal.answering(""), "P: ", "the thing stays locked"))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.LOCKED))
                .hasMessage("the thing stays locked");
    }

    @Test
    void endOfInputAtThePromptLeavesItLocked() {
        assertThatThrownBy(() -> UnlockPrompt.ask(ScriptedTerminal.answering(), "P: ", "locked: nothing typed"))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.LOCKED))
                .hasMessage("locked: nothing typed");
    }
}
