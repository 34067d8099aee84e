package io.keystash.agent.options;

/** What the agent does with a bound key whose expiry date has passed ({@code expired=}). */
public enum Expired {
    /** Serve it and say nothing. */
    SERVE,
    /** Serve it; one line on stderr per expired key at start (name and date, never the value). */
    WARN,
    /** Do not start: one line, status 78 (or the {@code onerror=warn} path); a reload bringing one is refused. */
    REFUSE;

    static Expired named(String name, String value, AgentOptions options) throws OptionException {
        for (Expired mode : values()) {
            if (mode.name().toLowerCase(java.util.Locale.ROOT).equals(value)) {
                return mode;
            }
        }
        throw options.badValue(name, value, "serve, warn or refuse");
    }
}
