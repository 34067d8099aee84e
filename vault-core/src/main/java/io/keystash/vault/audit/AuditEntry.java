package io.keystash.vault.audit;

import java.time.Instant;
import java.util.List;

/**
 * One line of the audit log as read back.
 *
 * @param line     1-based line number in the file
 * @param seq      sequence number (1, 2, …)
 * @param time     when it happened
 * @param operation what was done
 * @param key      key name, or null
 * @param profile  profile name, or null
 * @param versions version numbers involved
 * @param actor    {@code user@host}
 * @param pid      process id
 * @param outcome  {@code ok} or {@code failed: …}
 * @param detail   extra names-only context, or null
 * @param member   the member that unlocked the vault, or null (lines from before members had names)
 * @param generation the vault's generation after the operation (0 on lines from before generations)
 */
public record AuditEntry(int line, long seq, Instant time, String operation, String key, String profile,
                         List<Integer> versions, String actor, long pid, String outcome, String detail,
                         String member, long generation) {
    public AuditEntry {
        versions = List.copyOf(versions);
    }
}
