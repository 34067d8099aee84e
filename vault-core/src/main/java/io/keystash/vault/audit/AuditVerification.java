package io.keystash.vault.audit;

/**
 * The result of checking the audit chain.
 *
 * @param lines       lines checked
 * @param firstBadLine 1-based number of the first line that fails, or 0 when all pass
 * @param problem     why that line fails, or null
 */
public record AuditVerification(int lines, int firstBadLine, String problem) {
    public boolean intact() {
        return firstBadLine == 0;
    }
}
