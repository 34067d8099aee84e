package io.keystash.cli;

import io.keystash.cli.terminal.TerminalText;
import io.keystash.vault.VaultException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Turns failures into what docs/cli.md promises: one line on standard error starting
 * {@code keystash:}, the exit status of the failure's kind, and a stack trace only with
 * {@code --debug}.
 */
final class Failures {
    /** Unexpected failures (a bug, or an I/O problem below vault-core) exit with this. */
    static final int UNEXPECTED = 6;

    private Failures() {
    }

    /**
     * The stack trace {@code --debug} shows: each exception's class and frames, its causes, and no
     * message but a {@link VaultException}'s (written to hold no value). Any other message may
     * quote the input that caused it: the JDK's own {@code IllegalArgumentException} for a bad
     * environment value quotes the value.
     */
    static void printWithoutMessages(Throwable thrown, PrintWriter err) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        String heading = "";
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            err.println(heading + t.getClass().getName() + (t instanceof VaultException ? ": " + TerminalText.escape(t.getMessage()) : ""));
            for (StackTraceElement frame : t.getStackTrace()) {
                err.println("\tat " + frame);
            }
            heading = "Caused by: ";
        }
    }

    /** Usage errors found by picocli: status 2 and a pointer to the command's help. */
    static final class UsageErrors implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine command = ex.getCommandLine();
            PrintWriter err = command.getErr();
            String message = ex.getMessage() == null ? "invalid command line" : ex.getMessage().strip();
            message = message.replace('\n', ' ');
            if (!message.isEmpty() && Character.isUpperCase(message.charAt(0))) {
                message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
            }
            err.println("keystash: " + TerminalText.escape(message) + " (see: " + command.getCommandSpec().qualifiedName() + " --help)");
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }
    }

    /** Failures thrown by a command. */
    static final class CommandErrors implements CommandLine.IExecutionExceptionHandler {
        private final Keystash root;

        CommandErrors(Keystash root) {
            this.root = root;
        }

        @Override
        public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
            PrintWriter err = command.getErr();
            int status;
            if (ex instanceof VaultException failure) {
                err.println("keystash: " + TerminalText.escape(failure.getMessage()));
                status = failure.failure().exitStatus();
            } else if (ex instanceof IOException || ex instanceof UncheckedIOException) {
                Throwable io = ex instanceof UncheckedIOException unchecked ? unchecked.getCause() : ex;
                err.println("keystash: I/O error: " + io.getClass().getSimpleName()
                        + (io.getMessage() == null ? "" : ": " + io.getMessage()));
                status = UNEXPECTED;
            } else {
                // The message of an unexpected exception is not shown: we cannot vouch that it holds no secret.
                err.println("keystash: unexpected " + ex.getClass().getSimpleName()
                        + (root.debug() ? "" : " (run again with --debug for details)"));
                status = UNEXPECTED;
            }
            if (root.debug()) {
                printWithoutMessages(ex, err);
            }
            err.flush();
            return status;
        }
    }
}
