package io.keystash.vault.provider;

import io.keystash.vault.Secret;
import io.keystash.vault.model.KeyMetadata;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A kind of API key Keystash knows: the variables programs expect it in, the settings that go
 * with it, and what a key of that provider looks like (to warn about a pasted wrong value).
 *
 * @param id                the name users type ({@code openai})
 * @param displayName       for people ({@code OpenAI})
 * @param envVars           variables the key's value is served as by default; the first is primary
 * @param property          system property the value is served as by default, or null
 * @param settingNames      settings that go with the key (served as environment variables)
 * @param settingProperties settings also served as system properties (setting → property)
 * @param format            what a value usually looks like (a regular expression), or null for no
 *                          check; compiled only when a value is checked, so that resolving a
 *                          profile on a program's start compiles no regular expression
 * @param formatHint        a description of that format for the warning
 */
public record Provider(String id, String displayName, List<String> envVars, String property,
                       List<String> settingNames, Map<String, String> settingProperties,
                       String format, String formatHint) {
    public Provider {
        envVars = List.copyOf(envVars);
        settingNames = List.copyOf(settingNames);
        settingProperties = Map.copyOf(settingProperties);
    }

    /** True when the value looks like this provider's keys (always true without a format). */
    public boolean looksValid(CharSequence value) {
        return format == null || Pattern.matches(format, value);
    }

    /**
     * True when the secret looks like this provider's keys, checked without turning the value into
     * a String that would outlive the check: the decoded characters are cleared afterwards.
     */
    public boolean looksValid(Secret value) {
        return matches(format, value);
    }

    /** True when {@code value} matches {@code format} (or there is none); the decoded characters are cleared. */
    static boolean matches(String format, Secret value) {
        if (format == null) {
            return true;
        }
        byte[] bytes = value.revealUtf8();
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        try {
            return Pattern.matches(format, chars);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            Arrays.fill(chars.array(), '\0');
        }
    }

    /**
     * The start of a new key's metadata: this provider, served as {@code env} and {@code property}
     * where given, else as this provider's defaults. An explicit {@code env} brings its own
     * property, never the default one: the one this provider pairs with that variable
     * ({@link #propertyFor}), or none. (So an AWS access key id stored as {@code AWS_ACCESS_KEY_ID}
     * is served as {@code aws.accessKeyId}, not as the secret key's {@code aws.secretAccessKey}.)
     * One rule for every way a key is made ({@code store}, {@code setup}, an imported {@code .env}
     * line), so they never disagree.
     */
    public KeyMetadata.Builder newKeyMetadata(String env, String property) {
        String defaultProperty = env == null ? this.property : propertyFor(env);
        return KeyMetadata.builder()
                .provider(id)
                .env(env != null ? env : primaryEnvVar())
                .property(property != null ? property : defaultProperty);
    }

    /**
     * The system property this provider serves together with variable {@code env}: its default
     * property for its primary variable, a setting's property for that setting's variable
     * ({@code AWS_ACCESS_KEY_ID} → {@code aws.accessKeyId}), else null.
     */
    public String propertyFor(String env) {
        if (env == null) {
            return null;
        }
        if (env.equals(primaryEnvVar())) {
            return property;
        }
        return settingProperties.get(env);
    }

    /**
     * True when a key served as {@code env} holds this provider's key, so its format is worth
     * checking; false when {@code env} is one of the provider's settings (an AWS access key id
     * stored as a key of its own is not a secret access key).
     */
    public boolean formatAppliesTo(String env) {
        return env == null || !settingNames.contains(env);
    }

    /**
     * The other half of this provider's credential, or null: only {@code aws} has one (the access
     * key ID). A method rather than a field, made when asked for, so that resolving a profile on a
     * program's start loads no class for it.
     */
    public CredentialHalf companion() {
        if (!"aws".equals(id)) {
            return null;
        }
        return new CredentialHalf("access key ID", "AWS_ACCESS_KEY_ID", "-key-id",
                "(AKIA|ASIA)[A-Z0-9]{16}", "20 characters starting with AKIA or ASIA");
    }

    /** The primary variable, or null for {@code custom}. */
    public String primaryEnvVar() {
        return envVars.isEmpty() ? null : envVars.get(0);
    }
}
