package io.keystash.vault.rotation;

import io.keystash.vault.Secret;
import io.keystash.vault.unlock.UnlockSources;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a user's rotation or validation command with {@code /bin/sh -c}: unlock variables removed
 * from its environment, a value (if any) on its stdin, its stdout captured up to a bound, its
 * stderr passed through (it is the user's own diagnostics), and a time limit.
 */
final class ShellCommand {
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int MAX_OUTPUT = Secret.MAX_BYTES + 2;

    record Result(int exitStatus, byte[] stdout, boolean timedOut, boolean tooLong) {
    }

    private ShellCommand() {
    }

    static Result run(String command, Map<String, String> extraEnv, byte[] stdin) throws RotationFailure {
        ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", command));
        Map<String, String> env = builder.environment();
        UnlockSources.VARIABLES.forEach(env::remove);
        env.putAll(extraEnv);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new RotationFailure("cannot start command: " + e.getMessage());
        }
        try {
            if (stdin != null) {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException e) {
                    // The command may exit without reading its input; its status tells.
                }
            }
            WipeableBuffer out = new WipeableBuffer();
            boolean tooLong = readBounded(process.getInputStream(), out);
            boolean finished = process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
                return new Result(-1, new byte[0], true, false);
            }
            byte[] bytes = out.toByteArray();
            out.wipe();
            return new Result(process.exitValue(), bytes, false, tooLong);
        } catch (IOException e) {
            process.destroyForcibly();
            throw new RotationFailure("cannot read the command's output: " + e.getMessage());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RotationFailure("interrupted while waiting for the command");
        }
    }

    private static boolean readBounded(InputStream in, WipeableBuffer out) throws IOException {
        byte[] buffer = new byte[8192];
        int total = 0;
        boolean tooLong = false;
        for (int n; (n = in.read(buffer)) > 0; ) {
            if (total + n > MAX_OUTPUT) {
                tooLong = true;
            } else {
                out.write(buffer, 0, n);
                total += n;
            }
        }
        Arrays.fill(buffer, (byte) 0);
        return tooLong;
    }

    /** Captured output holds a new secret: its buffer is overwritten once copied. */
    private static final class WipeableBuffer extends ByteArrayOutputStream {
        void wipe() {
            Arrays.fill(buf, (byte) 0);
            count = 0;
        }
    }
}
