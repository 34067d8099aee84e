package io.keystash.vault.unlock;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The last unlock source: a person asked for the passphrase, once, at a hidden prompt.
 *
 * <p>Why an interface: the CLI asks through its own terminal (one a test can script), the agent
 * through the controlling terminal ({@code io.keystash.vault.terminal.TerminalPrompt}); where a
 * prompt comes in the order of sources is decided in one place, {@link UnlockSources}, for both.
 */
public interface PassphrasePrompt {
    /** Where a typed passphrase came from, in messages ("wrong passphrase or key (terminal prompt)"). */
    String TYPED = "terminal prompt";

    /**
     * Asks for the passphrase of {@code vaultFile} (which exists). Returns null, without asking,
     * when there is nobody to ask (no terminal, or not in its foreground); nothing typed at all is
     * the LOCKED failure. The caller closes the passphrase.
     */
    Passphrase ask(Path vaultFile) throws VaultException;

    /**
     * What the locked message says when {@link #ask} found nobody to ask: how to be asked
     * ("run on a terminal to be asked").
     */
    String howToBeAsked();

    /**
     * The passphrase in {@code typed}, the bytes read at a hidden prompt (null at end of input):
     * nothing typed leaves the vault locked, with {@code whenNothingTyped} as the LOCKED message,
     * rather than trying an empty passphrase. {@code typed} is wiped.
     */
    static Passphrase typed(byte[] typed, String whenNothingTyped) throws VaultException {
        if (typed == null || typed.length == 0) {
            throw new VaultException(Failure.LOCKED, whenNothingTyped);
        }
        try {
            return Passphrase.fromUtf8(typed, TYPED);
        } finally {
            Arrays.fill(typed, (byte) 0);
        }
    }
}
