package io.keystash.cli.terminal;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.unlock.Passphrase;

/**
 * The last unlock source of the CLI: a passphrase typed once at a hidden prompt (the vault's own,
 * or the one that sealed an export's secrets). Nothing typed leaves the thing locked, with exit 3,
 * rather than trying an empty passphrase.
 */
public final class UnlockPrompt {
    private UnlockPrompt() {
    }

    /**
     * Asks on {@code terminal}; the caller has checked {@link Terminal#canPrompt()} and closes the
     * passphrase. {@code whenNothingTyped} is the LOCKED failure's message.
     */
    public static Passphrase ask(Terminal terminal, String prompt, String whenNothingTyped) throws VaultException {
        byte[] typed = terminal.readHidden(prompt);
        if (typed == null || typed.length == 0) {
            throw new VaultException(Failure.LOCKED, whenNothingTyped);
        }
        try {
            return Passphrase.fromUtf8(typed, "terminal prompt");
        } finally {
            java.util.Arrays.fill(typed, (byte) 0);
        }
    }
}
