package io.keystash.it.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of this run: one row per test (what it attacked, how many cases, the result), so
 * the table in docs/reliability.md comes from an actual run, not from estimates. Rows are added
 * by the tests after their assertions pass; {@link SummaryListener} adds a FAILED row for a test
 * that failed, writes {@code target/reliability-summary.md} and prints it.
 */
public final class Summary {
    /** Multiplies iteration counts for a longer run ({@code -Dkeystash.reliability.scale=10}). */
    public static final int SCALE = Integer.getInteger("keystash.reliability.scale", 1);
    /** The seed of every random choice in the suite. */
    public static final long SEED = Long.getLong("keystash.reliability.seed", 20_261_130L);

    private static final List<String[]> ROWS = new ArrayList<>();
    private static final List<String> NOTES = new ArrayList<>();

    private Summary() {
    }

    /** A passed test: its area, what it checked, the number of cases, and a short result. */
    public static synchronized void passed(String area, String test, long cases, String result) {
        ROWS.add(new String[] {area, test, Long.toString(cases), "pass: " + result});
    }

    /** A failed test (added by the listener). */
    static synchronized void failed(String area, String test) {
        ROWS.add(new String[] {area, test, "-", "FAILED"});
    }

    /** A skipped case (added by the listener): an assumption not met, with its reason. */
    static synchronized void skipped(String area, String test, String reason) {
        ROWS.add(new String[] {area, test, "-", "skipped: " + reason});
    }

    /** A measured figure or finding reported, not asserted (times, heap-dump findings). */
    public static synchronized void note(String text) {
        NOTES.add(text);
    }

    static synchronized boolean empty() {
        return ROWS.isEmpty() && NOTES.isEmpty();
    }

    /** The Markdown of this run. */
    static synchronized String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("Reliability and security suite, run ").append(Instant.now()).append(", seed ").append(SEED)
                .append(", scale ").append(SCALE).append(", JDK ").append(System.getProperty("java.runtime.version"))
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs\n\n");
        out.append("| area | test | cases | result |\n| --- | --- | --- | --- |\n");
        for (String[] row : ROWS) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        if (!NOTES.isEmpty()) {
            out.append("\nMeasured and reported (not asserted):\n\n");
            for (String note : NOTES) {
                out.append("- ").append(note).append('\n');
            }
        }
        return out.toString();
    }

    static Path file() {
        return Path.of(System.getProperty("keystash.reliability.summary", "target/reliability-summary.md"));
    }

    static void write() {
        try {
            Path file = file();
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, markdown(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
