package io.keystash.agent.deferredlogging;

/**
 * Stands in for {@code java.util.logging.Logger} in the agent's copy of Bouncy Castle, whose
 * {@code CryptoServicesRegistrar} creates a logger in its static initialiser, on the agent's start
 * path. A JUL logger would start {@code java.util.logging} there (its {@code LogManager}, the
 * configuration file, the security properties: 10–25 ms of a cold JVM) and fix the program's
 * {@code LogManager} before its {@code main} runs, so a program that sets
 * {@code java.util.logging.manager} in {@code main} would find it ignored.
 *
 * <p>This logger only keeps its name. The first question or message asks
 * {@link System#getLogger} for the platform logger of that name, which is JUL's logger of the same
 * name when {@code java.logging} is present: what Bouncy Castle logs still reaches the program's
 * logging, as it would without the agent.
 *
 * <p>Only the members Bouncy Castle calls are here; {@code AgentJarIT} checks the built jar for
 * any reference to a member that is missing.
 */
public final class Logger {
    private final String name;
    private volatile System.Logger platform;

    private Logger(String name) {
        this.name = name;
    }

    /** A logger of that name; nothing of JUL is started. */
    public static Logger getLogger(String name) {
        return new Logger(name);
    }

    public String getName() {
        return name;
    }

    public boolean isLoggable(Level level) {
        return platform().isLoggable(level.platform());
    }

    private void log(Level level, String message) {
        platform().log(level.platform(), message);
    }

    public void warning(String message) {
        log(Level.WARNING, message);
    }

    public void info(String message) {
        log(Level.INFO, message);
    }

    private System.Logger platform() {
        System.Logger logger = platform;
        if (logger == null) {
            logger = System.getLogger(name);
            platform = logger;
        }
        return logger;
    }
}
