package io.keystash.agent.options;

/** What the agent does when it cannot serve the profile. */
public enum OnError {
    /** One line on stderr, then the JVM halts with status 78 before the program's main runs. */
    FAIL,
    /**
     * One line on stderr, then the program runs without the profile's keys: for every failure
     * before the agent changes the JVM, unexpected exceptions and errors (an OutOfMemoryError in the
     * KDF) included. A failure while installing the interception still halts with 78.
     */
    WARN
}
