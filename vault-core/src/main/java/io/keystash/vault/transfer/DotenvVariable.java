package io.keystash.vault.transfer;

import io.keystash.vault.Secret;

/**
 * One assignment of a {@code .env} file. Closing wipes the value.
 *
 * @param name  the variable's name
 * @param value its value
 * @param line  the line its assignment starts on (1-based), for messages
 */
public record DotenvVariable(String name, Secret value, int line) implements AutoCloseable {
    /**
     * The key a variable becomes: its own name, without leading underscores (a key name starts
     * with a letter or digit), e.g. {@code OPENAI_API_KEY} → {@code OPENAI_API_KEY}, {@code _TOKEN} → {@code TOKEN}.
     */
    public String keyName() {
        int start = 0;
        while (start < name.length() && name.charAt(start) == '_') {
            start++;
        }
        return name.substring(start);
    }

    @Override
    public void close() {
        value.close();
    }

    @Override
    public String toString() {
        return "DotenvVariable[" + name + " on line " + line + "]";
    }
}
