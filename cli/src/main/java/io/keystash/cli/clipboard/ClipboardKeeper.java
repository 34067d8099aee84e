package io.keystash.cli.clipboard;

import java.io.IOException;
import java.io.PrintStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The helper JVM behind {@code get --clipboard}: reads the value from standard input, copies it,
 * answers {@code copied} (or {@code error: …}) on one line, then clears the clipboard after the
 * delay if it still holds the value, or sooner when it is terminated (a shutdown hook). Arguments:
 * seconds, kind, tool path.
 */
public final class ClipboardKeeper {
    static final String COPIED = "copied";

    private ClipboardKeeper() {
    }

    public static void main(String[] args) throws IOException {
        long seconds = Long.parseLong(args[0]);
        ClipboardBackend backend = ClipboardBackend.of(args[1], args.length > 2 ? args[2] : "");
        byte[] value = System.in.readNBytes(64 * 1024 + 1);
        PrintStream answer = System.out;
        try {
            backend.copy(value);
        } catch (IOException | RuntimeException e) {
            Arrays.fill(value, (byte) 0);
            answer.println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            answer.flush();
            System.exit(6);
            return;
        }
        // Killed before the delay ends (SIGTERM, SIGINT, the terminal's SIGHUP): clear all the same.
        // Only SIGKILL, or the desktop session ending first, leaves the value on the clipboard.
        AtomicBoolean cleared = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> clearIfUnchanged(backend, value, cleared),
                "keystash-clipboard-clear"));
        answer.println(COPIED);
        answer.flush();
        answer.close();
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clearIfUnchanged(backend, value, cleared);
        System.exit(0);
    }

    /** Clears the clipboard if it still holds {@code value} (once), then wipes {@code value}. */
    private static void clearIfUnchanged(ClipboardBackend backend, byte[] value, AtomicBoolean done) {
        synchronized (done) {
            if (done.getAndSet(true)) {
                return;
            }
            try {
                byte[] now = backend.read();
                if (now == null || MessageDigest.isEqual(now, value)) {
                    backend.clear();
                }
                if (now != null) {
                    Arrays.fill(now, (byte) 0);
                }
            } catch (IOException | RuntimeException e) {
                // nothing to report to: the command that started us has finished
            } finally {
                Arrays.fill(value, (byte) 0);
            }
        }
    }
}
