package io.keystash.vault.command;

import io.keystash.vault.unlock.UnlockSources;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a user's command with {@code /bin/sh -c}: unlock variables removed from its environment, a
 * value (if any) on its stdin, else {@code /dev/null}, its stdout captured up to a bound, its
 * stderr passed through (it is the user's own diagnostics), and a time limit. Rotation and
 * validation commands and the passphrase command all run this way.
 *
 * <p>Output is read and input written on their own threads, so the time limit holds even for a
 * command that never closes its output or never reads its input; a command past its limit is
 * killed with its descendants. Captured output may be a secret: every buffer that held it is
 * overwritten, and the caller wipes the bytes it gets.
 */
public final class ShellCommand {
    /**
     * What the command did.
     *
     * @param exitStatus its status, -1 when it was stopped at the time limit
     * @param stdout     what it printed, at most the bound (empty when it timed out)
     * @param timedOut   it did not finish (or did not close its output) within the limit
     * @param tooLong    it printed more than the bound (the rest was discarded)
     */
    public record Result(int exitStatus, byte[] stdout, boolean timedOut, boolean tooLong) {
        @Override
        public String toString() {
            return "Result[exitStatus=" + exitStatus + ", " + stdout.length + " bytes, timedOut=" + timedOut
                    + ", tooLong=" + tooLong + "]";
        }
    }

    private ShellCommand() {
    }

    /**
     * Runs {@code command}; {@code stdin} null gives it {@code /dev/null}.
     *
     * @throws IOException          when {@code /bin/sh} cannot be started
     * @throws InterruptedException when this thread is interrupted while waiting (the command is killed)
     */
    public static Result run(String command, Map<String, String> extraEnv, byte[] stdin, Duration timeout, int maxOutput)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", command));
        Map<String, String> env = builder.environment();
        UnlockSources.VARIABLES.forEach(env::remove);
        env.putAll(extraEnv);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process process = builder.start();
        WipeableBuffer out = new WipeableBuffer(maxOutput);
        AtomicBoolean tooLong = new AtomicBoolean();
        Thread reader = daemon("keystash-command-output", () -> {
            try (InputStream in = process.getInputStream()) {
                tooLong.set(readBounded(in, out, maxOutput));
            } catch (IOException e) {
                // the output ends here; the exit status tells what happened
            }
        });
        if (stdin != null) {
            daemon("keystash-command-input", () -> {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException e) {
                    // the command may exit without reading its input; its status tells
                }
            });
        }
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            boolean finished = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (finished) {
                // a background child may still hold the output open: it gets the rest of the time
                TimeUnit.NANOSECONDS.timedJoin(reader, Math.max(1, deadline - System.nanoTime()));
            }
            if (!finished || reader.isAlive()) {
                stop(process);
                out.wipe();
                return new Result(-1, new byte[0], true, false);
            }
            byte[] bytes = out.toByteArray();
            out.wipe();
            return new Result(process.exitValue(), bytes, false, tooLong.get());
        } catch (InterruptedException e) {
            stop(process);
            out.wipe();
            throw e;
        }
    }

    /**
     * Kills the shell, then what it had started (listed first, so none escapes as an orphan): the
     * shell first, so it cannot report its child's death ("Killed") on the user's terminal.
     */
    private static void stop(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static boolean readBounded(InputStream in, WipeableBuffer out, int maxOutput) throws IOException {
        byte[] buffer = new byte[8192];
        int total = 0;
        boolean tooLong = false;
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (total + n > maxOutput) {
                    tooLong = true;
                } else {
                    out.write(buffer, 0, n);
                    total += n;
                }
            }
        } finally {
            Arrays.fill(buffer, (byte) 0);
        }
        return tooLong;
    }

    /**
     * Captured output holds a secret: its buffer is overwritten once copied. It is sized for the
     * most that is kept, so it never grows (a grown buffer would leave the old one, with the
     * secret's first bytes, unwiped on the heap).
     */
    private static final class WipeableBuffer extends ByteArrayOutputStream {
        WipeableBuffer(int size) {
            super(size);
        }

        synchronized void wipe() {
            Arrays.fill(buf, (byte) 0);
            count = 0;
        }
    }
}
