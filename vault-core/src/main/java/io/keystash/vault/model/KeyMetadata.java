package io.keystash.vault.model;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything Keystash knows about a key except its values. Encrypted in the vault like the
 * values, but safe to show: {@code list} prints it.
 *
 * @param provider        provider id ({@code openai}, …, {@code custom})
 * @param description     free text, or null
 * @param tags            labels for filtering
 * @param endpoint        the API's base URL, or null
 * @param rateLimit       the provider's budget, or null
 * @param settings        provider settings served as environment variables with the key ({@code OPENAI_ORG_ID=…})
 * @param expires         the day the key stops working, or null
 * @param rotateEveryDays rotation period in days, or null
 * @param env             default environment variable when bound into a profile, or null
 * @param property        default system property when bound into a profile, or null
 * @param keep            how many versions to keep
 * @param rotateCommand   the {@code command} rotation provider's command, or null
 * @param validateCommand command that checks a new value (on stdin) before rotation commits, or null
 */
public record KeyMetadata(String provider, String description, List<String> tags, String endpoint,
                          RateLimit rateLimit, Map<String, String> settings, LocalDate expires,
                          Integer rotateEveryDays, String env, String property, int keep,
                          String rotateCommand, String validateCommand) {
    public static final int DEFAULT_KEEP = 10;
    public static final int MAX_KEEP = 1000;
    public static final int MAX_TEXT = 4096;

    public KeyMetadata {
        Objects.requireNonNull(provider, "provider");
        tags = List.copyOf(tags);
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.provider = provider;
        b.description = description;
        b.tags = new ArrayList<>(tags);
        b.endpoint = endpoint;
        b.rateLimit = rateLimit;
        b.settings = new LinkedHashMap<>(settings);
        b.expires = expires;
        b.rotateEveryDays = rotateEveryDays;
        b.env = env;
        b.property = property;
        b.keep = keep;
        b.rotateCommand = rotateCommand;
        b.validateCommand = validateCommand;
        return b;
    }

    /** Builds metadata, checking every field's rules at {@link #build()}. */
    public static final class Builder {
        private String provider = "custom";
        private String description;
        private List<String> tags = new ArrayList<>();
        private String endpoint;
        private RateLimit rateLimit;
        private Map<String, String> settings = new LinkedHashMap<>();
        private LocalDate expires;
        private Integer rotateEveryDays;
        private String env;
        private String property;
        private int keep = DEFAULT_KEEP;
        private String rotateCommand;
        private String validateCommand;

        public Builder provider(String value) {
            provider = value;
            return this;
        }

        public Builder description(String value) {
            description = value;
            return this;
        }

        public Builder tags(List<String> value) {
            tags = new ArrayList<>(value);
            return this;
        }

        public Builder endpoint(String value) {
            endpoint = value;
            return this;
        }

        public Builder rateLimit(RateLimit value) {
            rateLimit = value;
            return this;
        }

        public Builder settings(Map<String, String> value) {
            settings = new LinkedHashMap<>(value);
            return this;
        }

        public Builder setting(String name, String value) {
            settings.put(name, value);
            return this;
        }

        public Builder expires(LocalDate value) {
            expires = value;
            return this;
        }

        public Builder rotateEveryDays(Integer value) {
            rotateEveryDays = value;
            return this;
        }

        public Builder env(String value) {
            env = value;
            return this;
        }

        public Builder property(String value) {
            property = value;
            return this;
        }

        public Builder keep(int value) {
            keep = value;
            return this;
        }

        public Builder rotateCommand(String value) {
            rotateCommand = value;
            return this;
        }

        public Builder validateCommand(String value) {
            validateCommand = value;
            return this;
        }

        /** Checks every field and builds; a bad field is an INVALID_INPUT failure naming it. */
        public KeyMetadata build() throws VaultException {
            for (String tag : tags) {
                if (!Names.isTag(tag)) {
                    throw invalid("invalid tag " + Names.quote(tag) + ": letters, digits, '.', '_', ':' or '-', at most 64");
                }
            }
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                Names.requireEnvVar(setting.getKey());
                if (setting.getValue() == null || setting.getValue().length() > MAX_TEXT) {
                    throw invalid("setting " + setting.getKey() + " must have a value of at most " + MAX_TEXT + " characters");
                }
            }
            if (env != null) {
                Names.requireEnvVar(env);
            }
            if (property != null) {
                Names.requireProperty(property);
            }
            if (keep < 1 || keep > MAX_KEEP) {
                throw invalid("--keep must be between 1 and " + MAX_KEEP);
            }
            if (rotateEveryDays != null && (rotateEveryDays < 1 || rotateEveryDays > DayPeriods.MAX_DAYS)) {
                throw invalid("the rotation period must be between 1 and " + DayPeriods.MAX_DAYS + " days");
            }
            for (String text : new String[] {description, endpoint, rotateCommand, validateCommand}) {
                if (text != null && text.length() > MAX_TEXT) {
                    throw invalid("a text field is longer than " + MAX_TEXT + " characters");
                }
            }
            return new KeyMetadata(provider, description, tags, endpoint, rateLimit, settings, expires,
                    rotateEveryDays, env, property, keep, rotateCommand, validateCommand);
        }

        private static VaultException invalid(String message) {
            return new VaultException(Failure.INVALID_INPUT, message);
        }
    }
}
