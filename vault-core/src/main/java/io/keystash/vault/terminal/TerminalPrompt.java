package io.keystash.vault.terminal;

import io.keystash.vault.VaultException;
import io.keystash.vault.unlock.PassphrasePrompt;
import io.keystash.vault.unlock.Passphrase;

import java.nio.file.Path;

/**
 * The agent's passphrase prompt: once, hidden, on the controlling terminal, and only when the JVM
 * was started interactively there ({@link ControllingTerminal#interactive()}: a terminal, its
 * foreground, standard input from it). A program started by a service manager, a CI runner or an
 * IDE without a terminal is never asked (it fails as it would without a prompt), and neither is
 * one started in the background with {@code &}, which reading the terminal would stop, nor a JVM
 * a build tool forked with its input on a pipe.
 *
 * <p>Holds two strings: making one loads nothing else; the terminal and {@code stty} are only
 * touched when {@link #ask} runs.
 */
public final class TerminalPrompt implements PassphrasePrompt {
    private final String prefix;
    private final String whenNothingTyped;

    /**
     * @param prefix           what starts the prompt's line ({@code keystash-agent: })
     * @param whenNothingTyped the LOCKED message when Enter alone (or end of input) is typed
     */
    public TerminalPrompt(String prefix, String whenNothingTyped) {
        this.prefix = prefix;
        this.whenNothingTyped = whenNothingTyped;
    }

    @Override
    public Passphrase ask(Path vaultFile) throws VaultException {
        if (!ControllingTerminal.interactive()) {
            return null;
        }
        return PassphrasePrompt.typed(new ControllingTerminal().readHidden(prefix + "passphrase for " + vaultFile + ": "),
                whenNothingTyped);
    }

    @Override
    public String howToBeAsked() {
        return "or start the program from a terminal (in the foreground, input not redirected) to be asked";
    }
}
