package io.keystash.vault.health;

/**
 * One line of a check-up.
 *
 * @param area   what was looked at: {@code vault}, {@code ways in}, {@code profiles}, {@code keys},
 *               {@code agent}, {@code java}, {@code session}, {@code remote}, {@code environment}
 * @param status OK (as it should be), FIX (something needs doing; the text ends with the command
 *               that does it) or NOTE (worth knowing, nothing to do)
 * @param text   one line, never a value
 */
public record Finding(String area, Status status, String text) {
    /** How a finding stands. */
    public enum Status {
        OK, FIX, NOTE
    }

    public static Finding ok(String area, String text) {
        return new Finding(area, Status.OK, text);
    }

    public static Finding fix(String area, String text) {
        return new Finding(area, Status.FIX, text);
    }

    public static Finding note(String area, String text) {
        return new Finding(area, Status.NOTE, text);
    }
}
