package io.keystash.vault.access;

import java.util.List;

/**
 * One program run's read map as the agent last wrote it: counts are totals since the run started,
 * so the latest record of a run replaces its earlier ones.
 *
 * @param run         the run's id: process id and start time, unique on a machine
 * @param program     the main class, or the jar of {@code java -jar}, as the JVM was launched (no arguments)
 * @param profile     the profile served
 * @param vault       the vault file it was served from (absolute)
 * @param started     when the agent started (milliseconds since the epoch)
 * @param written     when this record was written
 * @param startEnded  when the run's start was over — its first reload, else one minute after it
 *                    started — or 0 when this record was written before that
 * @param reason      {@code exit} or {@code reload}
 * @param reloads     how many reloads the run had served when this was written
 * @param wholeReads  how many times the program read the whole environment ({@code System.getenv()}
 *                    iterated or copied), which reads every name without counting each
 * @param wholeReadBy the first class outside the JDK that read the whole environment, or null
 * @param names       every name served during the run, read or not
 */
public record ProgramReads(String run, String program, String profile, String vault, long started, long written,
                           long startEnded, String reason, int reloads, long wholeReads, String wholeReadBy,
                           List<NameReads> names) {
    public ProgramReads {
        names = List.copyOf(names);
    }

    /** Whether the run was seen past its start, so "read only during start" can be told. */
    public boolean pastStart() {
        return startEnded > 0;
    }
}
