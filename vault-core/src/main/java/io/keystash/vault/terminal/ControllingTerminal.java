package io.keystash.vault.terminal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The process's controlling terminal, {@code /dev/tty}: where the CLI asks for a passphrase or a
 * value (also when its standard input or output is redirected) and where the agent asks for a
 * passphrase when nothing else unlocks. Echo is switched off with {@code stty}, as {@code ssh},
 * {@code sudo} and {@code gpg} do, and always switched back on, signals included.
 *
 * <p>Why in vault-core: the CLI and the agent must ask the same way and put the terminal back the
 * same way; neither may keep its own copy. Nothing here runs, and no process class is touched,
 * until a prompt is actually shown.
 */
public final class ControllingTerminal {
    private static final File TTY = new File("/dev/tty");
    private static final int MAX_LINE = 64 * 1024;

    /**
     * True when this process was started interactively from its terminal: it has a controlling
     * terminal, runs in its foreground process group, and its standard input is a terminal. Not a
     * service or CI job (no terminal); not a program started in the background with {@code &}
     * (reading the terminal would stop it, as {@code SIGTTIN} stops a background {@code ssh}); not
     * a JVM that a build tool or test runner forked with its input on a pipe, which shares the
     * terminal but has nobody to answer it. Where {@code /proc} does not tell (not Linux), a
     * terminal that can be opened counts.
     */
    public static boolean interactive() {
        int[] groups = processGroups();
        if (groups != null && (groups[1] == 0 || groups[2] != groups[0])) {
            return false; // no controlling terminal (tty_nr 0), or another group is in its foreground
        }
        return !Boolean.FALSE.equals(stdinIsTerminal()) && available();
    }

    /**
     * Whether standard input (fd 0) is a terminal device, where {@code /proc} tells (Linux); null
     * elsewhere.
     */
    public static Boolean stdinIsTerminal() {
        Path stdin = Path.of("/proc/self/fd/0");
        try {
            if (!Files.isSymbolicLink(stdin)) {
                return null;
            }
            String target = Files.readSymbolicLink(stdin).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.startsWith("/dev/console");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {pgrp, tty_nr, tpgid} from {@code /proc/self/stat}, or null when it cannot be read. */
    private static int[] processGroups() {
        byte[] stat;
        try {
            stat = Files.readAllBytes(Path.of("/proc/self/stat"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        String text = new String(stat, StandardCharsets.US_ASCII);
        int afterName = text.lastIndexOf(')'); // the command name may hold spaces and parentheses
        if (afterName < 0) {
            return null;
        }
        String[] fields = text.substring(afterName + 1).trim().split(" ");
        if (fields.length < 6) {
            return null;
        }
        try {
            return new int[] {Integer.parseInt(fields[2]), Integer.parseInt(fields[4]), Integer.parseInt(fields[5])};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** True when this process has a controlling terminal that it may open. */
    public static boolean available() {
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
     * Shows {@code prompt} and reads a line without echo: the bytes typed up to the newline, not
     * decoded (a passphrase must be the same bytes from every source, whatever the locale); null at
     * end of input, or when echo could not be switched off. The caller owns and wipes the bytes.
     *
     * <p>The terminal's modes are saved ({@code stty -g}) before echo goes off and put back on
     * every way out: the normal one, an exception, and a signal that ends the JVM (Ctrl-C, which
     * reaches this process even when its output goes to a pipe, or a SIGTERM or SIGHUP), through a
     * shutdown hook held while echo is off. Only SIGKILL leaves echo off ({@code stty sane} or
     * {@code reset} then fixes the terminal).
     */
    public byte[] readHidden(String prompt) {
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

    /** Shows {@code prompt} and reads a visible line; null at end of input or without a terminal. */
    public String readLine(String prompt) {
        try (RandomAccessFile tty = new RandomAccessFile(TTY, "rw")) {
            write(tty, prompt);
            byte[] bytes = readLineBytes(tty);
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** Prints a line on the terminal (guidance for the person there, never data). */
    public void say(String line) {
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
