package io.keystash.cli.keys;

import io.keystash.vault.provider.Provider;

/**
 * How the CLI words the provider's format check (it warns, never refuses); the check itself is
 * {@link Provider#looksValid(io.keystash.vault.Secret)}.
 */
public final class ProviderFormat {
    private ProviderFormat() {
    }

    /** The one-line warning for a value that does not look like the provider's keys. */
    public static String warning(Provider provider) {
        return "keystash: warning: the value does not look like " + article(provider.displayName()) + " "
                + provider.displayName() + " key (" + provider.formatHint() + "); stored anyway";
    }

    private static String article(String word) {
        return "AEIOU".indexOf(Character.toUpperCase(word.charAt(0))) >= 0 ? "an" : "a";
    }
}
