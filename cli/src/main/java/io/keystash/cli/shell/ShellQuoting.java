package io.keystash.cli.shell;

/**
 * POSIX shell single quoting: inside {@code '…'} nothing is special except {@code '} itself, which
 * becomes {@code '\''}. Survives newlines, {@code $}, backslashes, backquotes and double quotes.
 */
public final class ShellQuoting {
    private ShellQuoting() {
    }

    public static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** Quotes only when needed, for lines people copy (paths in {@code agent-line}). */
    public static String quoteIfNeeded(String text) {
        return !text.isEmpty() && text.matches("[A-Za-z0-9_@%+=:,./-]+") ? text : quote(text);
    }
}
