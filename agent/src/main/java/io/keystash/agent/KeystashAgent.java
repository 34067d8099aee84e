package io.keystash.agent;

import java.lang.instrument.Instrumentation;

/**
 * The {@code Premain-Class}: a thin front door. All the work is in {@link AgentStartup}; this
 * class only makes sure nothing is ever thrown out of {@code premain} (the JVM would abort with a
 * stack trace and a status the user never asked for).
 */
public final class KeystashAgent {
    private KeystashAgent() {
    }

    /**
     * Called by the JVM before the program's {@code main}.
     *
     * @param arguments       the text after {@code =} in {@code -javaagent:keystash-agent.jar=…}
     * @param instrumentation the JVM's instrumentation
     */
    public static void premain(String arguments, Instrumentation instrumentation) {
        try {
            new AgentStartup(instrumentation).run(arguments);
        } catch (Throwable unexpected) {
            // The class name only: a message could quote something read from the vault.
            Console.halt("internal error (" + unexpected.getClass().getName() + ")");
        }
    }
}
