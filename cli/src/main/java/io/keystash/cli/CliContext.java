package io.keystash.cli;

import io.keystash.cli.terminal.SystemTerminal;
import io.keystash.cli.terminal.Terminal;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a command may touch of the outside world: its streams, the terminal, the environment and
 * the user's home. Tests pass their own, so every command runs in-process with captured output.
 *
 * @param in          standard input (values are read from here when it is not a terminal)
 * @param out         standard output: data only (values, tables, JSON, export lines)
 * @param err         standard error: errors, warnings and notes for people
 * @param terminal    the terminal for hidden prompts and questions
 * @param environment the process environment
 * @param userHome    the user's home folder (default vault location)
 */
public record CliContext(InputStream in, PrintStream out, PrintStream err, Terminal terminal,
                         Map<String, String> environment, String userHome) {
    public CliContext {
        environment = Map.copyOf(environment);
    }

    /** The real process: System streams, the real terminal and environment. */
    public static CliContext system() {
        return new CliContext(System.in, System.out, System.err, SystemTerminal.detect(),
                System.getenv(), System.getProperty("user.home"));
    }
}
