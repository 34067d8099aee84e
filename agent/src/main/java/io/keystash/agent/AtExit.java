package io.keystash.agent;

import io.keystash.agent.reads.ReadMap;
import io.keystash.agent.redact.Redaction;

/**
 * The agent's shutdown hook: writes the run's read map (names, counts, times, class names) and
 * passes on any output the redaction held back. Registered, not started, by {@code premain}.
 */
final class AtExit implements Runnable {
    private final ReadMap readMap;
    private final Redaction redaction;

    AtExit(ReadMap readMap, Redaction redaction) {
        this.readMap = readMap;
        this.redaction = redaction;
    }

    @Override
    public void run() {
        if (redaction != null) {
            redaction.release();
        }
        readMap.write("exit");
    }
}
