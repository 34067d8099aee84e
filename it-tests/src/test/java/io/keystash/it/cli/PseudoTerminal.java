package io.keystash.it.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command driven through a pseudo-terminal with util-linux {@code script}, like a person at a
 * keyboard: wait for a prompt, type a line. Typing only after the prompt matters: characters
 * typed before the program turns echo off would be echoed.
 */
final class PseudoTerminal implements AutoCloseable {
    private static final Path SCRIPT = Path.of("/usr/bin/script");

    private final Process process;
    private final OutputStream keyboard;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final Thread reader;

    private PseudoTerminal(Process process) {
        this.process = process;
        this.keyboard = process.getOutputStream();
        this.reader = new Thread(() -> copy(process.getInputStream()), "pty-screen");
        reader.setDaemon(true);
        reader.start();
    }

    static boolean available() {
        return Files.isExecutable(SCRIPT);
    }

    /** Runs {@code shellCommand} (sh syntax) on a new pseudo-terminal. */
    static PseudoTerminal start(String shellCommand, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(SCRIPT.toString(), "-qfec", shellCommand, "/dev/null"))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().put("SHELL", "/bin/sh");
        builder.environment().put("TERM", "dumb");
        return new PseudoTerminal(builder.start());
    }

    private void copy(InputStream in) {
        byte[] buffer = new byte[4096];
        try (in) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                synchronized (screen) {
                    screen.write(buffer, 0, read);
                }
            }
        } catch (IOException e) {
            // the terminal closed
        }
    }

    /** Everything the terminal showed so far. */
    String screen() {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits until the screen shows {@code text} after position {@code from}; returns the end of the match. */
    int expect(String text, int from) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            String shown = screen();
            int at = shown.indexOf(text, from);
            if (at >= 0) {
                return at + text.length();
            }
            if (Instant.now().isAfter(deadline) || !process.isAlive() && !reader.isAlive()) {
                throw new AssertionError("the terminal never showed " + text + "; it showed:\n" + shown);
            }
            Thread.sleep(20);
        }
    }

    void type(String line) throws IOException {
        keyboard.write((line + "\r").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    /** Presses keys without Enter: {@code "\u0003"} is Ctrl-C. */
    void press(String keys) throws IOException {
        keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    int exitStatus() throws InterruptedException {
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the command on the terminal did not finish; it showed:\n" + screen());
        }
        reader.join(5000);
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
