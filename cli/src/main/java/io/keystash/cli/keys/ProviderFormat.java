package io.keystash.cli.keys;

import io.keystash.vault.Secret;
import io.keystash.vault.provider.Provider;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The provider's format check (SPEC §3: warn, never refuse) run on a value without turning it
 * into a String that would outlive the check.
 */
public final class ProviderFormat {
    private ProviderFormat() {
    }

    public static boolean looksValid(Provider provider, Secret value) {
        if (provider.format() == null) {
            return true;
        }
        byte[] bytes = value.revealUtf8();
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        try {
            return provider.looksValid(chars);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            Arrays.fill(chars.array(), '\0');
        }
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
