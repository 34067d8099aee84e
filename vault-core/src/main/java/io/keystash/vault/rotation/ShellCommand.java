package io.keystash.vault.rotation;

import io.keystash.vault.Secret;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * A rotation or validation command, run by {@link io.keystash.vault.command.ShellCommand} with
 * rotation's bound on output (a value of at most {@link Secret#MAX_BYTES} and its newline) and time
 * limit, its failures as {@link RotationFailure}.
 */
final class ShellCommand {
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int MAX_OUTPUT = Secret.MAX_BYTES + 2;

    record Result(int exitStatus, byte[] stdout, boolean timedOut, boolean tooLong) {
    }

    private ShellCommand() {
    }

    static Result run(String command, Map<String, String> extraEnv, byte[] stdin) throws RotationFailure {
        return run(command, extraEnv, stdin, TIMEOUT);
    }

    static Result run(String command, Map<String, String> extraEnv, byte[] stdin, Duration timeout) throws RotationFailure {
        try {
            io.keystash.vault.command.ShellCommand.Result result =
                    io.keystash.vault.command.ShellCommand.run(command, extraEnv, stdin, timeout, MAX_OUTPUT);
            return new Result(result.exitStatus(), result.stdout(), result.timedOut(), result.tooLong());
        } catch (IOException e) {
            throw new RotationFailure("cannot start command: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RotationFailure("interrupted while waiting for the command");
        }
    }
}
