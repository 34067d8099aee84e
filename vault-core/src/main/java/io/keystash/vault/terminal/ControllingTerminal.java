package io.keystash.cli.terminal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Prompts on {@code /dev/tty}, the controlling terminal, when {@link java.io.Console} is not
 * available because standard input or output is redirected, and for every hidden prompt where it
 * exists (see {@link SystemTerminal#readHidden}). Echo is switched off with {@code stty}, as
 * {@code ssh} and {@code gpg} do, and always switched back on, signals included.
 */
final class TtyDevice {
    private static final File TTY = new File("/dev/tty");
    private static final int MAX_LINE = 64 * 1024;

    /** True when this process has a controlling terminal that it may open. */
    static boolean available() {
        if (!TTY.exists()) {
            return false;
        }
        try (RandomAccessFile probe = new RandomAccessFile(TTY, "rw")) {
            return true;
        } catch (IOException | SecurityException e) {
            return false; // no controlling terminal (ENXIO), as under CI or a daemon
        }
    }

    /**
     * The bytes typed up to the newline, not decoded (see {@link Terminal#readHidden}); null at end
     * of input.
     *
     * <p>The terminal's modes are saved ({@code stty -g}) before echo goes off and put back on
     * every way out: the normal one, an exception, and a signal that ends the JVM (Ctrl-C, which
     * reaches this process even when its output goes to a pipe, or a SIGTERM or SIGHUP), through a
     * shutdown hook held while echo is off. Only SIGKILL leaves echo off ({@code stty sane} or
     * {@code reset} then fixes the terminal).
     */
    byte[] readHidden(String prompt) {
        try (RandomAccessFile tty = new RandomAccessFile(TTY, "rw")) {
            String saved = sttyOutput("-g");
            if (saved == null || !saved.matches("[0-9A-Za-z:]+")) {
                return null; // modes that cannot be put back: never switch echo off
            }
            Thread restore = new Thread(() -> stty(saved), "keystash-restore-echo");
            Runtime.getRuntime().addShutdownHook(restore);
            try {
                // Echo goes off before the prompt shows, so nothing typed after the prompt is echoed.
                if (!stty("-echo")) {
                    return null; // never read a secret that the terminal would show
                }
                write(tty, prompt);
                try {
                    return readLineBytes(tty);
                } finally {
                    write(tty, "\n");
                }
            } finally {
                stty(saved);
                try {
                    Runtime.getRuntime().removeShutdownHook(restore);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run: it restores the same modes
                }
            }
        } catch (IOException e) {
            return null;
        }
    }

    String readLine(String prompt) {
        try (RandomAccessFile tty = new RandomAccessFile(TTY, "rw")) {
            write(tty, prompt);
            byte[] bytes = readLineBytes(tty);
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    void say(String line) {
        try (RandomAccessFile tty = new RandomAccessFile(TTY, "rw")) {
            write(tty, line + "\n");
        } catch (IOException e) {
            // nobody to tell
        }
    }

    private static void write(RandomAccessFile tty, String text) throws IOException {
        tty.write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads up to a newline (not part of the result, nor a CR before it); null at end of input. Buffers left behind are wiped. */
    private static byte[] readLineBytes(RandomAccessFile tty) throws IOException {
        byte[] buffer = new byte[256];
        int length = 0;
        int b;
        boolean sawAny = false;
        try {
            while ((b = tty.read()) >= 0) {
                sawAny = true;
                if (b == '\n') {
                    break;
                }
                if (length == buffer.length) {
                    if (length >= MAX_LINE) {
                        break;
                    }
                    byte[] bigger = Arrays.copyOf(buffer, length * 2);
                    Arrays.fill(buffer, (byte) 0);
                    buffer = bigger;
                }
                buffer[length++] = (byte) b;
            }
            if (!sawAny) {
                return null;
            }
            if (length > 0 && buffer[length - 1] == '\r') {
                length--;
            }
            return Arrays.copyOf(buffer, length);
        } finally {
            Arrays.fill(buffer, (byte) 0);
        }
    }

    /** Runs {@code stty ARG} on the terminal and returns what it printed (trimmed), or null when it failed. */
    private static String sttyOutput(String arg) {
        try {
            Process stty = new ProcessBuilder("stty", arg)
                    .redirectInput(TTY)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try (InputStream out = stty.getInputStream(); OutputStream unusedIn = stty.getOutputStream()) {
                byte[] printed = out.readNBytes(4096);
                return stty.waitFor(5, TimeUnit.SECONDS) && stty.exitValue() == 0
                        ? new String(printed, StandardCharsets.US_ASCII).strip() : null;
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Runs {@code stty ARG} on the terminal; false when that did not work. */
    private static boolean stty(String arg) {
        try {
            Process stty = new ProcessBuilder("stty", arg)
                    .redirectInput(TTY)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try (InputStream unusedIn = stty.getInputStream(); OutputStream unusedOut = stty.getOutputStream()) {
                return stty.waitFor(5, TimeUnit.SECONDS) && stty.exitValue() == 0;
            }
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
