package io.keystash.agent.deferredlogging;

/**
 * Stands in for {@code java.util.logging.Level} beside {@link Logger}: the levels Bouncy Castle
 * uses, each mapped to the {@link System.Logger.Level} that JUL's bridge turns back into the same
 * JUL level, so a message keeps its level on the way through. The jar check names any level a newer
 * Bouncy Castle would add.
 */
public final class Level {
    public static final Level WARNING = new Level("WARNING", System.Logger.Level.WARNING);
    public static final Level INFO = new Level("INFO", System.Logger.Level.INFO);

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
