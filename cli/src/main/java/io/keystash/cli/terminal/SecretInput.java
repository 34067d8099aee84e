package io.keystash.cli.terminal;

import io.keystash.vault.Failure;
import io.keystash.vault.Secret;
import io.keystash.vault.VaultException;
import io.keystash.vault.unlock.Passphrase;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Where secret input comes from: standard input when it is not a terminal (one trailing newline
 * is not part of the value), or a hidden prompt. Never an argument.
 */
public final class SecretInput {
    private final InputStream in;
    private final Terminal terminal;

    public SecretInput(InputStream in, Terminal terminal) {
        this.in = in;
        this.terminal = terminal;
    }

    /** A value: asked for on a terminal, else read from standard input. */
    public Secret value(String prompt) throws VaultException {
        if (terminal.stdinIsTerminal()) {
            return Secret.ofUtf8(hidden(prompt)); // takes the bytes, wipes them when refused
        }
        return Secret.ofUtf8(readStdin());
    }

    /** Two values read together (the first may be null when only one was asked for); closing it wipes both. */
    public record Pair(Secret first, Secret second) implements AutoCloseable {
        @Override
        public void close() {
            if (first != null) {
                first.close();
            }
            second.close();
        }
    }

    /**
     * Two values: on a terminal asked for one after the other; otherwise two lines of standard
     * input, the first value on the first line and the second on the rest (one trailing newline
     * dropped). {@code twoLines} says what the lines are, for the message when there is one line.
     */
    public Pair twoValues(String firstPrompt, String secondPrompt, String twoLines) throws VaultException {
        if (terminal.stdinIsTerminal()) {
            Secret first = value(firstPrompt);
            try {
                return new Pair(first, value(secondPrompt));
            } catch (VaultException | RuntimeException e) {
                first.close();
                throw e;
            }
        }
        byte[] all = readStdin();
        try {
            int newline = 0;
            while (newline < all.length && all[newline] != '\n') {
                newline++;
            }
            if (newline == all.length) {
                throw new VaultException(Failure.INVALID_INPUT, "one line on standard input; expected two: " + twoLines);
            }
            int firstEnd = newline > 0 && all[newline - 1] == '\r' ? newline - 1 : newline;
            Secret first = Secret.ofUtf8(Arrays.copyOfRange(all, 0, firstEnd));
            try {
                return new Pair(first, Secret.ofUtf8(Arrays.copyOfRange(all, newline + 1, all.length)));
            } catch (VaultException | RuntimeException e) {
                first.close();
                throw e;
            }
        } finally {
            Arrays.fill(all, (byte) 0);
        }
    }

    /**
     * A new passphrase: on a terminal asked twice (they must match); otherwise standard input (one
     * trailing newline dropped). Empty is refused; no input at all is LOCKED with {@code whenNoInput}.
     */
    public Passphrase newPassphrase(String what, String whenNoInput) throws VaultException {
        if (!terminal.stdinIsTerminal()) {
            byte[] bytes = readStdin(Failure.LOCKED, whenNoInput);
            try {
                if (bytes.length == 0) {
                    throw new VaultException(Failure.INVALID_INPUT, "the passphrase is empty");
                }
                return Passphrase.fromUtf8(bytes, "standard input");
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        }
        return askNewPassphrase(what);
    }

    /**
     * A new passphrase asked twice at hidden prompts on the terminal, whatever standard input is
     * (it may carry the value being stored), with a strength hint between the two. Empty, invalid
     * UTF-8 or two different answers are refused. The caller closes the passphrase.
     */
    public Passphrase askNewPassphrase(String what) throws VaultException {
        byte[] first = hidden("New " + what + ": ");
        byte[] second = null;
        try {
            if (first.length == 0) {
                throw new VaultException(Failure.INVALID_INPUT, "the passphrase is empty");
            }
            try (Passphrase typed = Passphrase.fromUtf8(first, "terminal prompt")) { // refused before it is asked again
                terminal.say(PassphraseStrength.of(typed.chars()).hint());
            }
            second = hidden("Repeat " + what + ": ");
            if (!Arrays.equals(first, second)) {
                throw new VaultException(Failure.INVALID_INPUT, "the two passphrases differ; nothing was changed");
            }
            return Passphrase.fromUtf8(first, "terminal prompt");
        } finally {
            Arrays.fill(first, (byte) 0);
            if (second != null) {
                Arrays.fill(second, (byte) 0);
            }
        }
    }

    /** A hidden answer from the terminal, as the bytes typed; end of input is an error, not an empty value. */
    public byte[] hidden(String prompt) throws VaultException {
        if (!terminal.canPrompt()) {
            throw new VaultException(Failure.INVALID_INPUT, "no terminal to ask on; pipe the value into standard input");
        }
        byte[] bytes = terminal.readHidden(prompt);
        if (bytes == null) {
            throw new VaultException(Failure.INVALID_INPUT, "no input (end of input at the prompt)");
        }
        return bytes;
    }

    /**
     * All of standard input, at most one byte more than a value may hold, without one trailing
     * newline ({@code \n} or {@code \r\n}). Nothing at all is an error, so a script that forgot to
     * pipe a value fails clearly.
     */
    public byte[] readStdin() throws VaultException {
        return readStdin(Failure.INVALID_INPUT, "no value on standard input (pipe it in, e.g. printf %s \"$KEY\" | keystash store "
                + "NAME,"
                + " or run on a terminal to be asked)");
    }

    private byte[] readStdin(Failure whenEmpty, String whenEmptyMessage) throws VaultException {
        int limit = Secret.MAX_BYTES + 2; // room for the newline that will be stripped
        int cap = limit + 1;               // one byte more tells "too large" without reading it all
        byte[] buffer = new byte[8192];
        int length = 0;
        try {
            while (length < cap) {
                if (length == buffer.length) {
                    byte[] bigger = Arrays.copyOf(buffer, Math.min(buffer.length * 2, cap));
                    Arrays.fill(buffer, (byte) 0);
                    buffer = bigger;
                }
                int read = in.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    break;
                }
                length += read;
            }
        } catch (IOException e) {
            Arrays.fill(buffer, (byte) 0);
            throw new VaultException(Failure.IO, "cannot read standard input: " + e.getMessage());
        }
        if (length == 0) {
            throw new VaultException(whenEmpty, whenEmptyMessage);
        }
        int end = length;
        if (buffer[end - 1] == '\n') {
            end--;
            if (end > 0 && buffer[end - 1] == '\r') {
                end--;
            }
        }
        if (length > limit) {
            Arrays.fill(buffer, (byte) 0);
            throw new VaultException(Failure.INVALID_INPUT,
                    "the value on standard input is larger than " + Secret.MAX_BYTES + " bytes (64 KiB)");
        }
        byte[] value = Arrays.copyOf(buffer, end);
        Arrays.fill(buffer, (byte) 0);
        return value;
    }
}
