package io.keystash.cli.remote;

/**
 * slf4j-simple's settings for {@code sync --watch}, a service's log: one line per event on
 * standard error with an ISO time stamp, at INFO (DEBUG with {@code --debug}). Set before the first
 * logger is made; a setting given with {@code -D} (through {@code KEYSTASH_JAVA_OPTS}) wins.
 */
final class WatchLogging {
    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private WatchLogging() {
    }

    static void configure(boolean debug) {
        setIfAbsent("logFile", "System.err");
        setIfAbsent("showDateTime", "true");
        setIfAbsent("dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setIfAbsent("showThreadName", "false");
        setIfAbsent("showLogName", "false");
        setIfAbsent("levelInBrackets", "true");
        setIfAbsent("defaultLogLevel", debug ? "debug" : "info");
    }

    private static void setIfAbsent(String name, String value) {
        if (System.getProperty(PREFIX + name) == null) {
            System.setProperty(PREFIX + name, value);
        }
    }
}
