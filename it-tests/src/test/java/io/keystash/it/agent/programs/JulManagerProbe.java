package io.keystash.it.agent.programs;

import java.util.logging.LogManager;

/**
 * Chooses its {@code java.util.logging} manager inside {@code main}, as JBoss LogManager's and
 * Log4j's JUL adapters are set up, and reports which manager JUL then uses: the agent must not
 * have started JUL before {@code main}. Prints {@code logmanager=CLASS}.
 */
public final class JulManagerProbe {
    private JulManagerProbe() {
    }

    public static void main(String[] args) {
        System.setProperty("java.util.logging.manager", ProgramsLogManager.class.getName());
        System.out.println("logmanager=" + LogManager.getLogManager().getClass().getName());
    }

    /** The program's own manager; JUL instantiates it by name. */
    public static final class ProgramsLogManager extends LogManager {
        public ProgramsLogManager() {
        }
    }
}
