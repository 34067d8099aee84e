package io.keystash.cli.rotation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystash.cli.terminal.JsonOutput;
import io.keystash.cli.terminal.TerminalText;
import io.keystash.vault.rotation.RotationResult;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Prints rotation results. What changed (or would) goes to standard output; failures are
 * {@code keystash: …} lines and skipped keys {@code keystash: warning: …} lines on standard error,
 * so that {@code keystash rotate --due > /dev/null} in a crontab mails exactly what needs a person.
 */
final class RotationOutput {
    private RotationOutput() {
    }

    static void print(List<RotationResult> results, boolean json, PrintStream out, PrintStream err) {
        if (json) {
            ArrayNode array = JsonOutput.array();
            results.forEach(r -> array.add(toJson(r)));
            JsonOutput.print(out, array);
        }
        for (RotationResult result : results) {
            switch (result.outcome()) {
                case FAILED -> err.println("keystash: " + TerminalText.escape(result.message()));
                case SKIPPED -> err.println("keystash: warning: " + TerminalText.escape(result.message()));
                default -> {
                    if (!json) {
                        out.println(sentence(result.message()));
                    }
                }
            }
        }
        out.flush();
        err.flush();
    }

    static ObjectNode toJson(RotationResult result) {
        ObjectNode node = JsonOutput.object();
        node.put("key", result.key());
        node.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        node.put("fromVersion", result.fromVersion());
        if (result.toVersion() == 0) {
            node.putNull("toVersion");
        } else {
            node.put("toVersion", result.toVersion());
        }
        node.put("provider", result.provider());
        node.put("message", result.message());
        return node;
    }

    /** A result's message as a sentence: capital first letter (unless it starts with a quoted name), full stop. */
    static String sentence(String message) {
        String text = message.isEmpty() || message.charAt(0) == '\'' ? message
                : Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return TerminalText.escape(text.endsWith(".") ? text : text + ".");
    }
}
