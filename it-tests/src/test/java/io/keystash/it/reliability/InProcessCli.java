package io.keystash.it.reliability;

import io.keystash.cli.CliContext;
import io.keystash.cli.Keystash;
import io.keystash.cli.terminal.Terminal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The CLI's own entry point {@link Keystash#run} called in-process, as its {@code main} calls it,
 * with captured streams and no terminal. Used by driver programs that run thousands of cases in
 * one JVM (a JVM per case would take the whole time budget); a smaller sample of each goes through
 * the real launcher as well. Runs only in a JVM that has {@code cli/target/keystash.jar} on its
 * class path (the drivers'), never in the test JVM.
 */
final class InProcessCli {
    private static final Terminal NO_TERMINAL = new Terminal() {
        @Override
        public boolean stdinIsTerminal() {
            return false;
        }

        @Override
        public boolean canPrompt() {
            return false;
        }

        @Override
        public byte[] readHidden(String prompt) {
            return null;
        }

        @Override
        public String readLine(String prompt) {
            return null;
        }

        @Override
        public void say(String line) {
            // no terminal to say it on
        }
    };

    private final Map<String, String> environment;
    private final String userHome;

    InProcessCli(Map<String, String> environment, String userHome) {
        this.environment = Map.copyOf(environment);
        this.userHome = userHome;
    }

    Outcome run(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            CliContext context = new CliContext(new ByteArrayInputStream(stdin == null ? new byte[0] : stdin),
                    outStream, errStream, NO_TERMINAL, environment, userHome);
            int status = Keystash.run(context, args);
            return new Outcome(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
        }
    }

    /** A finished in-process run. */
    record Outcome(int status, byte[] out, String err) {
        /** One line on stderr, starting {@code keystash: }, and no stack trace. */
        boolean oneErrorLine() {
            return err.startsWith("keystash: ") && err.indexOf('\n') == err.length() - 1 && !err.contains("\tat ");
        }
    }
}
