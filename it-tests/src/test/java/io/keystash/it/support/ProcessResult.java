package io.keystash.it.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a finished process left: its status and output. {@link #toString()} shows the status and
 * the number of lines only, so an assertion message never quotes output that might hold a secret.
 */
public record ProcessResult(int exitCode, String stdout, String stderr) {
    public List<String> stdoutLines() {
        return lines(stdout);
    }

    public List<String> stderrLines() {
        return lines(stderr);
    }

    /** The {@code name=value} lines of stdout (test programs report this way). */
    public Map<String, String> report() {
        Map<String, String> report = new LinkedHashMap<>();
        for (String line : stdoutLines()) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                report.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return report;
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Override
    public String toString() {
        return "ProcessResult[exit=" + exitCode + ", stdout lines=" + stdoutLines().size()
                + ", stderr lines=" + stderrLines().size() + "]";
    }
}
