package io.keystash.cli.terminal;

import java.util.HashSet;
import java.util.Set;

/**
 * A rough strength hint for a new passphrase, shown (never the passphrase) between the first
 * entry and the repeat: an estimate of its guessing entropy from its length and the kinds of
 * characters in it, with repeats and runs of neighbouring characters counted once. The KDF makes
 * each guess slow, but it cannot save a short or common passphrase; the hint says so, and
 * refuses nothing.
 */
public final class PassphraseStrength {
    private final int bits;
    private final int length;

    private PassphraseStrength(int bits, int length) {
        this.bits = bits;
        this.length = length;
    }

    /** Estimates the strength of {@code chars} (not kept). */
    public static PassphraseStrength of(char[] chars) {
        int pool = 0;
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean space = false;
        boolean symbol = false;
        boolean other = false;
        Set<Integer> distinct = new HashSet<>();
        double bits = 0;
        int previous = -2;
        int codePoints = 0;
        for (int i = 0; i < chars.length; ) {
            int c = Character.codePointAt(chars, i);
            i += Character.charCount(c);
            codePoints++;
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
            digit |= c >= '0' && c <= '9';
            space |= c == ' ';
            symbol |= c > ' ' && c < 0x7f && !Character.isLetterOrDigit(c);
            other |= c >= 0x80;
            // A character repeated, or next to the one before (abc, 123, cba), adds little.
            bits += distinct.add(c) && Math.abs(c - previous) > 1 ? 1 : 0.25;
            previous = c;
        }
        pool += lower ? 26 : 0;
        pool += upper ? 26 : 0;
        pool += digit ? 10 : 0;
        pool += space ? 1 : 0;
        pool += symbol ? 32 : 0;
        pool += other ? 100 : 0;
        int estimate = pool == 0 ? 0 : (int) Math.floor(bits * (Math.log(pool) / Math.log(2)));
        return new PassphraseStrength(estimate, codePoints);
    }

    /** The estimate in bits. */
    public int bits() {
        return bits;
    }

    /** weak, fair, good or strong. */
    public String verdict() {
        if (bits < 45) {
            return "weak";
        }
        if (bits < 65) {
            return "fair";
        }
        return bits < 90 ? "good" : "strong";
    }

    /** One line for the terminal: the verdict, the estimate, and how to do better when it is not strong. */
    public String hint() {
        String line = "Passphrase strength: " + verdict() + " (" + length + " characters, about " + bits + " bits)";
        return switch (verdict()) {
            case "weak" -> line + "; a stolen vault file could be opened by guessing: four or five random words are far stronger.";
            case "fair" -> line + "; a few more words or characters would make it much harder to guess.";
            default -> line + ".";
        };
    }
}
