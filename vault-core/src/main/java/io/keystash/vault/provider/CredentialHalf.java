package io.keystash.vault.provider;

import io.keystash.vault.Secret;

/**
 * The other half of a provider's credential, for providers whose key alone is not enough: AWS
 * signs with an access key ID as well as the secret access key. {@code setup} asks for both and
 * stores this half as a key of its own (its value is as private as the secret's, so it is
 * encrypted like any key, not kept as a plain setting), served as {@code env} and the property the
 * provider pairs with it.
 *
 * @param label         what people call it ({@code access key ID})
 * @param env           the variable programs read it from ({@code AWS_ACCESS_KEY_ID})
 * @param keyNameSuffix appended to the main key's name to name this one ({@code aws} → {@code aws-key-id})
 * @param format        what a value usually looks like (a regular expression), or null
 * @param formatHint    a description of that format for the warning
 */
public record CredentialHalf(String label, String env, String keyNameSuffix, String format, String formatHint) {

    /** True when the value looks like this half (always true without a format); checked as {@link Provider#looksValid(Secret)} is. */
    public boolean looksValid(Secret value) {
        return Provider.matches(format, value);
    }
}
