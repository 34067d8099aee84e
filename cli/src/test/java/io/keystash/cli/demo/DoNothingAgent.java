package io.keystash.cli.demo;

/** A {@code -javaagent} that serves nothing: the demo's program then sees no key, and the proof must fail. */
public final class DoNothingAgent {
    private DoNothingAgent() {
    }

    public static void premain(String arguments) {
        // nothing: the keys are not served
    }
}
