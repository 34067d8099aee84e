package io.keystash.cli.terminal;

import io.keystash.vault.terminal.ControllingTerminal;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * The process's real terminal: {@link Console} when standard input and output are both a
 * terminal, else {@code /dev/tty} (so {@code eval "$(keystash profile load dev --export)"} can still
 * ask for the passphrase while its output goes to a pipe), else none.
 */
public final class SystemTerminal implements Terminal {
    private final Console console;
    private final ControllingTerminal tty;
    private final boolean stdinIsTerminal;

    private SystemTerminal(Console console, ControllingTerminal tty, boolean stdinIsTerminal) {
        this.console = console;
        this.tty = tty;
        this.stdinIsTerminal = stdinIsTerminal;
    }

    /** Looks at the process's file descriptors once; nothing is opened until a prompt is needed. */
    public static SystemTerminal detect() {
        Console console = interactiveConsole();
        Boolean stdinTty = ControllingTerminal.stdinIsTerminal();
        boolean stdinIsTerminal = stdinTty != null ? stdinTty : console != null;
        ControllingTerminal tty = console == null && ControllingTerminal.available() ? new ControllingTerminal() : null;
        return new SystemTerminal(console, tty, stdinIsTerminal);
    }

    @Override
    public boolean stdinIsTerminal() {
        return stdinIsTerminal;
    }

    @Override
    public boolean canPrompt() {
        return console != null || tty != null;
    }

    /**
     * Read through {@code /dev/tty} whenever there is one, also when {@link Console} exists:
     * {@code Console.readPassword} decodes with the locale's charset (under {@code LC_ALL=C} every
     * non-ASCII byte becomes U+FFFD), and a passphrase must be the same bytes from every source.
     * {@link Console} is the fallback where there is no {@code /dev/tty}.
     */
    @Override
    public byte[] readHidden(String prompt) {
        ControllingTerminal device = tty != null ? tty : console != null && ControllingTerminal.available() ? new ControllingTerminal() : null;
        if (device != null) {
            return device.readHidden(prompt);
        }
        if (console == null) {
            return null;
        }
        char[] chars = console.readPassword("%s", prompt);
        if (chars == null) {
            return null;
        }
        java.nio.ByteBuffer encoded = java.nio.charset.StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(chars));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        java.util.Arrays.fill(chars, '\0');
        if (encoded.hasArray()) {
            java.util.Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    @Override
    public String readLine(String prompt) {
        if (console != null) {
            return console.readLine("%s", prompt);
        }
        return tty == null ? null : tty.readLine(prompt);
    }

    @Override
    public void say(String line) {
        if (console != null) {
            console.writer().println(line);
            console.flush();
        } else if (tty != null) {
            tty.say(line);
        }
    }

    /** System.console(), but not the non-interactive one that JDK 22+ returns for redirected streams. */
    private static Console interactiveConsole() {
        Console console = System.console();
        if (console == null) {
            return null;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console)) ? console : null;
        } catch (NoSuchMethodException e) {
            return console; // JDK 17-21: a console exists only for a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
