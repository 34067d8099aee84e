package io.keystash.agent.options;

/** What the agent does when it cannot serve the profile. */
public enum OnError {
    /** One line on stderr, then the JVM halts with status 78 before the program's main runs. */
    FAIL,
    /** One line on stderr, then the program runs without the profile's keys. */
    WARN
}
