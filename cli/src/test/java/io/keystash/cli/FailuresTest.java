package io.keystash.cli;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code --debug} prints for a failure: where it happened, never a message that may quote input. */
class FailuresTest {
    @Test
    void debugTracesShowClassesAndFramesButNoMessageThatMayQuoteAValue() {
        IllegalArgumentException jdkStyle = new IllegalArgumentException("Invalid environment variable value: \"sk-canary\"",
                new IOException("cause quoting sk-canary too"));
        StringWriter text = new StringWriter();
        Failures.printWithoutMessages(jdkStyle, new PrintWriter(text, true));
        assertThat(text.toString()).startsWith("java.lang.IllegalArgumentException\n\tat io.keystash.cli.FailuresTest.")
                .contains("Caused by: java.io.IOException\n").doesNotContain("sk-canary");
    }

    @Test
    void aVaultExceptionKeepsItsVettedMessage() {
        StringWriter text = new StringWriter();
        Failures.printWithoutMessages(new VaultException(Failure.NOT_FOUND, "no key named 'k'"), new PrintWriter(text, true));
        assertThat(text.toString()).startsWith("io.keystash.vault.VaultException: no key named 'k'\n\tat ");
    }
}
