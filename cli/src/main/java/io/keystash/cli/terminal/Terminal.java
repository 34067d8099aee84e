package io.keystash.cli.terminal;

/**
 * The user's terminal, for hidden prompts and yes/no questions. Values never come from an
 * argument: they are read from standard input when it is not a terminal, or asked for here.
 */
public interface Terminal {
    /** True when standard input is a terminal, so values are asked for rather than read. */
    boolean stdinIsTerminal();

    /** True when there is a terminal to ask on (even if standard input or output is redirected). */
    boolean canPrompt();

    /**
     * Shows {@code prompt} and reads a line without echo: the bytes typed, which callers decode as
     * UTF-8 whatever the locale (a passphrase must be the same bytes from every source). Returns
     * null at end of input. The caller owns and clears the bytes.
     */
    byte[] readHidden(String prompt);

    /** Shows {@code prompt} and reads a visible line; null at end of input. */
    String readLine(String prompt);

    /** Prints a line for the person at the terminal (guidance, not data). */
    void say(String line);
}
