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
        return warning(provider.displayName() + " key", provider.formatHint());
    }

    /** The one-line warning for a value that does not look like {@code what} ("Amazon Web Services access key ID"). */
    public static String warning(String what, String hint) {
        return "keystash: warning: the value does not look like " + article(what) + " " + what + " (" + hint + "); stored anyway";
    }

    /** The question asked on a terminal instead of that warning. */
    public static String question(String what, String hint) {
        return "That does not look like " + article(what) + " " + what + " (" + hint + "). Store it anyway? [y/N] ";
    }

    private static String article(String word) {
        return "AEIOU".indexOf(Character.toUpperCase(word.charAt(0))) >= 0 ? "an" : "a";
    }
}
