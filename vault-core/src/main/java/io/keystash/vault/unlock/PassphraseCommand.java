package io.keystash.vault.unlock;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.command.ShellCommand;
import io.keystash.vault.model.Durations;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * A passphrase printed by the user's own command ({@code --passphrase-command}, agent
 * {@code passphrase-command=}, {@code KEYSTASH_PASSPHRASE_COMMAND}): a keyring's
 * {@code secret-tool lookup …}, {@code pass show …}, a password manager's {@code op read …}.
 *
 * <p>The command runs with {@code /bin/sh -c}, standard input {@code /dev/null}, no unlock variable
 * in its environment, and its standard error passed through (its own prompts and errors are for
 * the user). Its standard output, one trailing newline (LF or CRLF) dropped, is the passphrase,
 * decoded as strict UTF-8 like every other source ({@link Passphrase#fromUtf8}).
 *
 * <p>A failing command is LOCKED (exit 3, agent 78) with one line naming the command and what went
 * wrong — a non-zero status, no output, more than {@value #MAX_BYTES} bytes, or no finished output
 * within the time limit (30 s; {@value #TIMEOUT_VARIABLE} changes it, for slow hardware tokens or
 * for tests) — and never what it printed.
 */
public final class PassphraseCommand {
    /** Changes the time limit: a number of seconds, or a duration such as {@code 500ms}, {@code 2m}. */
    public static final String TIMEOUT_VARIABLE = "KEYSTASH_PASSPHRASE_COMMAND_TIMEOUT";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_BYTES = 4096;

    private PassphraseCommand() {
    }

    /** Runs {@code command} and returns the passphrase it printed; {@code environment} gives the time limit. */
    public static Passphrase run(String command, Map<String, String> environment) throws VaultException {
        Duration timeout = timeout(environment);
        String named = "passphrase command " + quoted(command);
        ShellCommand.Result result;
        try {
            result = ShellCommand.run(command, Map.of(), null, timeout, MAX_BYTES + 2);
        } catch (IOException e) {
            throw new VaultException(Failure.LOCKED, "cannot run " + named + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultException(Failure.LOCKED, named + " was interrupted");
        }
        byte[] out = result.stdout();
        try {
            if (result.timedOut()) {
                throw new VaultException(Failure.LOCKED, named + " gave no passphrase within "
                        + Durations.format(timeout) + " (stopped it)");
            }
            if (result.exitStatus() != 0) {
                throw new VaultException(Failure.LOCKED, named + " failed (exit status " + result.exitStatus() + ")");
            }
            if (result.tooLong()) {
                throw new VaultException(Failure.LOCKED, named + " printed more than " + MAX_BYTES + " bytes");
            }
            int length = out.length;
            if (length > 0 && out[length - 1] == '\n') {
                length--;
                if (length > 0 && out[length - 1] == '\r') {
                    length--;
                }
            }
            if (length == 0) {
                throw new VaultException(Failure.LOCKED, named + " printed no passphrase");
            }
            if (length > MAX_BYTES) {
                throw new VaultException(Failure.LOCKED, named + " printed more than " + MAX_BYTES + " bytes");
            }
            byte[] passphrase = Arrays.copyOf(out, length);
            try {
                return Passphrase.fromUtf8(passphrase, named);
            } finally {
                Arrays.fill(passphrase, (byte) 0);
            }
        } finally {
            Arrays.fill(out, (byte) 0);
        }
    }

    /** The time limit: {@value #TIMEOUT_VARIABLE}, else 30 s. A bad value is INVALID_INPUT. */
    static Duration timeout(Map<String, String> environment) throws VaultException {
        String text = environment.get(TIMEOUT_VARIABLE);
        if (text == null || text.isBlank()) {
            return DEFAULT_TIMEOUT;
        }
        String trimmed = text.trim();
        String withUnit = trimmed.chars().allMatch(Character::isDigit) ? trimmed + "s" : trimmed;
        return Durations.parse(withUnit, TIMEOUT_VARIABLE);
    }

    /** The command as messages show it: quoted, control characters escaped. */
    static String quoted(String command) {
        StringBuilder text = new StringBuilder(command.length() + 2).append('\'');
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            text.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return text.append('\'').toString();
    }
}
