package io.keystash.cli.terminal;

import io.keystash.vault.VaultException;
import io.keystash.vault.unlock.Passphrase;
import io.keystash.vault.unlock.PassphrasePrompt;

import java.nio.file.Path;

/**
 * The CLI's passphrase prompt: the last unlock source, a passphrase typed once at a hidden prompt
 * on the CLI's {@link Terminal} (the vault's own, or the one that sealed an export's secrets).
 * Nothing typed leaves the thing locked, with exit 3, rather than trying an empty passphrase.
 */
public final class UnlockPrompt implements PassphrasePrompt {
    private final Terminal terminal;

    private UnlockPrompt(Terminal terminal) {
        this.terminal = terminal;
    }

    /** The vault's prompt on {@code terminal}, for vault-core's order of unlock sources. */
    public static UnlockPrompt on(Terminal terminal) {
        return new UnlockPrompt(terminal);
    }

    @Override
    public Passphrase ask(Path vaultFile) throws VaultException {
        if (!terminal.canPrompt()) {
            return null;
        }
        return ask(terminal, "Passphrase for " + vaultFile + ": ", "vault is locked: no passphrase was typed");
    }

    @Override
    public String howToBeAsked() {
        return "or run on a terminal to be asked";
    }

    /**
     * Asks on {@code terminal}; the caller has checked {@link Terminal#canPrompt()} and closes the
     * passphrase. {@code whenNothingTyped} is the LOCKED failure's message.
     */
    public static Passphrase ask(Terminal terminal, String prompt, String whenNothingTyped) throws VaultException {
        return PassphrasePrompt.typed(terminal.readHidden(prompt), whenNothingTyped);
    }
}
