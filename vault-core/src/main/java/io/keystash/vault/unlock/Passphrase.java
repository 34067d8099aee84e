package io.keystash.vault.unlock;

import java.util.Arrays;

/** A passphrase as characters, wiped by {@link #close()}. */
public final class Passphrase implements Credential {
    private final char[] chars;
    private final String origin;

    /** Takes ownership of {@code chars}. */
    public Passphrase(char[] chars, String origin) {
        this.chars = chars;
        this.origin = origin;
    }

    /** The characters; valid until {@link #close()}. */
    public char[] chars() {
        return chars;
    }

    public boolean isEmpty() {
        return chars.length == 0;
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public void close() {
        Arrays.fill(chars, '\0');
    }

    @Override
    public String toString() {
        return "Passphrase[" + origin + "]";
    }
}
