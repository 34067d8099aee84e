package io.keystash.agent.deferredlogging;

/**
 * Stands in for {@code java.util.logging.Level} beside {@link Logger}: the JUL levels that have an
 * exact {@link System.Logger.Level} counterpart (JUL's bridge turns that one back into this one),
 * so that a message keeps its JUL level on the way through. {@code CONFIG} and {@code FINEST} have
 * none and are left out: Bouncy Castle does not use them, and the jar check would name them if it
 * ever did.
 */
public final class Level {
    public static final Level SEVERE = new Level("SEVERE", System.Logger.Level.ERROR);
    public static final Level WARNING = new Level("WARNING", System.Logger.Level.WARNING);
    public static final Level INFO = new Level("INFO", System.Logger.Level.INFO);
    public static final Level FINE = new Level("FINE", System.Logger.Level.DEBUG);
    public static final Level FINER = new Level("FINER", System.Logger.Level.TRACE);

    private final String name;
    private final System.Logger.Level platform;

    private Level(String name, System.Logger.Level platform) {
        this.name = name;
        this.platform = platform;
    }

    public String getName() {
        return name;
    }

    System.Logger.Level platform() {
        return platform;
    }

    @Override
    public String toString() {
        return name;
    }
}
