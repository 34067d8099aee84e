package io.keystash.agent.options;

import io.keystash.vault.launch.AgentArguments;
import io.keystash.vault.launch.LaunchEnvironment;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The agent's options: {@code name=value} pairs joined by commas, as given after
 * {@code -javaagent:keystash-agent.jar=}. A value cannot contain a comma.
 *
 * <p>Parsing is strict: an unknown option, a repeated option, a missing {@code =} or a bad value
 * is an {@link OptionException} naming the option. {@code onerror} is read first so that an error
 * in any other option follows it. The names are vault-core's {@link AgentArguments}, which
 * {@code keystash agent-line} writes.
 */
public final class AgentOptions {
    private String profile;
    private Path vault;
    private Path identity;
    private Path keyFile;
    private Path passphraseFile;
    private String passphraseCommand;
    private boolean session = true;
    private boolean env = true;
    private boolean props = true;
    private boolean inheritToChildren = true;
    private boolean override = true;
    private OnError onError = OnError.FAIL;
    private boolean verbose;
    private boolean reload = true;
    private Expired expired = Expired.WARN;
    private boolean redact;
    private boolean prompt = true;
    private Duration maxAge;

    private AgentOptions() {
    }

    /**
     * Parses the agent argument string.
     *
     * @param arguments   the text after {@code =} in {@code -javaagent:}, or null
     * @param environment the real process environment (for {@code KEYSTASH_PROFILE})
     */
    public static AgentOptions parse(String arguments, Map<String, String> environment) throws OptionException {
        AgentOptions options = new AgentOptions();
        String[] pairs = arguments == null || arguments.isEmpty() ? new String[0]
                : arguments.split(String.valueOf(AgentArguments.SEPARATOR), -1);
        options.onError = onErrorOf(pairs);
        boolean[] seen = new boolean[Option.values().length];
        for (String pair : pairs) {
            options.apply(pair, seen);
        }
        options.profile = LaunchEnvironment.profileName(options.profile, environment);
        return options;
    }

    private static OnError onErrorOf(String[] pairs) {
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            if (equals > 0 && AgentArguments.ONERROR.equals(pair.substring(0, equals).trim())) {
                String value = pair.substring(equals + 1).trim();
                if ("warn".equals(value)) {
                    return OnError.WARN;
                }
            }
        }
        return OnError.FAIL;
    }

    private void apply(String pair, boolean[] seen) throws OptionException {
        int equals = pair.indexOf('=');
        if (equals < 0) {
            throw fail(pair.isBlank() ? "empty option in the agent's options (two commas?)"
                    : "option '" + pair.trim() + "' needs a value (" + pair.trim() + "=…)");
        }
        String name = pair.substring(0, equals).trim();
        String value = pair.substring(equals + 1).trim();
        Option option = Option.named(name);
        if (option == null) {
            throw fail("unknown option '" + name + "'; known: " + Option.known());
        }
        if (seen[option.ordinal()]) {
            throw fail("option '" + name + "' is given twice");
        }
        seen[option.ordinal()] = true;
        if (value.isEmpty()) {
            throw fail("option '" + name + "' needs a value");
        }
        switch (option) {
            case PROFILE -> profile = value;
            case VAULT -> vault = path(name, value);
            case IDENTITY -> identity = path(name, value);
            case KEYFILE -> keyFile = path(name, value);
            case PASSPHRASE_FILE -> passphraseFile = path(name, value);
            case PASSPHRASE_COMMAND -> passphraseCommand = value;
            case SESSION -> session = oneOf(name, value, "auto", "off");
            case ENV -> env = bool(name, value);
            case PROPS -> props = bool(name, value);
            case CHILDREN -> inheritToChildren = oneOf(name, value, "inherit", "none");
            case OVERRIDE -> override = bool(name, value);
            case ONERROR -> oneOf(name, value, "fail", "warn");
            case VERBOSE -> verbose = bool(name, value);
            case RELOAD -> reload = oneOf(name, value, "on", "off");
            case EXPIRED -> expired = Expired.named(name, value, this);
            case REDACT -> redact = oneOf(name, value, "on", "off");
            case PROMPT -> prompt = oneOf(name, value, "auto", "off");
            case MAX_AGE -> maxAge = duration(name, value);
        }
    }

    /** {@code 90s}, {@code 15m}, {@code 12h}, {@code 7d}: a positive whole number and a unit. */
    private Duration duration(String name, String value) throws OptionException {
        int last = value.length() - 1;
        long amount = -1;
        try {
            amount = last > 0 ? Long.parseLong(value.substring(0, last)) : -1;
        } catch (NumberFormatException e) {
            // reported below
        }
        if (amount > 0 && amount <= 100_000_000L) {
            switch (value.charAt(last)) {
                case 's':
                    return Duration.ofSeconds(amount);
                case 'm':
                    return Duration.ofMinutes(amount);
                case 'h':
                    return Duration.ofHours(amount);
                case 'd':
                    return Duration.ofDays(amount);
                default:
                    break;
            }
        }
        throw fail("option '" + name + "' must be a duration such as 90s, 15m, 12h or 7d, not '" + value + "'");
    }

    private Path path(String name, String value) throws OptionException {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw fail("option '" + name + "' is not a valid path");
        }
    }

    private boolean bool(String name, String value) throws OptionException {
        return oneOf(name, value, "true", "false");
    }

    /** True for {@code first}, false for {@code second}, an error otherwise. */
    private boolean oneOf(String name, String value, String first, String second) throws OptionException {
        if (first.equals(value)) {
            return true;
        }
        if (second.equals(value)) {
            return false;
        }
        throw fail("option '" + name + "' must be " + first + " or " + second + ", not '" + value + "'");
    }

    /** The refusal of {@code value} for option {@code name}, naming the values {@code allowed}. */
    OptionException badValue(String name, String value, String allowed) {
        return fail("option '" + name + "' must be " + allowed + ", not '" + value + "'");
    }

    /**
     * The refusal, with control characters escaped: the option text comes from the command line and
     * may hold a newline or a terminal escape, and the agent reports a failure as one plain line.
     */
    private OptionException fail(String message) {
        StringBuilder line = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            line.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return new OptionException(line.toString(), onError);
    }

    /** The profile to load: {@code profile=}, else {@link LaunchEnvironment#profileName}'s rule. */
    public String profile() {
        return profile;
    }

    /**
     * {@code vault=}, or null for the default resolution ({@code KEYSTASH_VAULT}, else
     * {@code KEYSTASH_HOME/vault}, else {@code ~/.keystash/vault}).
     */
    public Path vault() {
        return vault;
    }

    /** {@code identity=}, or null. */
    public Path identity() {
        return identity;
    }

    /** {@code keyfile=}, or null. */
    public Path keyFile() {
        return keyFile;
    }

    /** {@code passphrase-file=}, or null. */
    public Path passphraseFile() {
        return passphraseFile;
    }

    /**
     * {@code passphrase-command=}, or null: a command run with {@code /bin/sh -c} whose output is the
     * passphrase (it cannot hold a comma; {@code KEYSTASH_PASSPHRASE_COMMAND} can).
     */
    public String passphraseCommand() {
        return passphraseCommand;
    }

    /** {@code session=auto} (true, the default): a running unlock session is asked; {@code off}: never. */
    public boolean session() {
        return session;
    }

    /** {@code env=}: serve bindings as environment variables. */
    public boolean env() {
        return env;
    }

    /** {@code props=}: serve bindings as system properties. */
    public boolean props() {
        return props;
    }

    /** {@code children=inherit} (true) or {@code none} (false). */
    public boolean inheritToChildren() {
        return inheritToChildren;
    }

    /** {@code override=}: a binding wins over a real variable or {@code -D} property. */
    public boolean override() {
        return override;
    }

    public OnError onError() {
        return onError;
    }

    public boolean verbose() {
        return verbose;
    }

    /** {@code reload=on}: serve a new generation of the vault to the running program. */
    public boolean reload() {
        return reload;
    }

    /** {@code expired=}: what to do with a bound key past its expiry date. */
    public Expired expired() {
        return expired;
    }

    /** {@code redact=on}: served values written to System.out and System.err are replaced by their names. */
    public boolean redact() {
        return redact;
    }

    /**
     * {@code prompt=auto} (true): when nothing else unlocks and the JVM has a terminal, ask for
     * the passphrase there; {@code off}: never ask.
     */
    public boolean prompt() {
        return prompt;
    }

    /** {@code max-age=}: the oldest last sync of a shared vault's replica to start with, or null. */
    public Duration maxAge() {
        return maxAge;
    }

    @Override
    public String toString() {
        return "profile=" + profile + (vault == null ? "" : ",vault=" + vault)
                + (identity == null ? "" : ",identity=" + identity)
                + (keyFile == null ? "" : ",keyfile=" + keyFile)
                + (passphraseFile == null ? "" : ",passphrase-file=" + passphraseFile)
                + (passphraseCommand == null ? "" : ",passphrase-command=(given)")
                + ",session=" + (session ? "auto" : "off")
                + ",env=" + env + ",props=" + props + ",children=" + (inheritToChildren ? "inherit" : "none")
                + ",override=" + override + ",onerror=" + onError.name().toLowerCase(java.util.Locale.ROOT)
                + ",verbose=" + verbose + ",reload=" + (reload ? "on" : "off")
                + ",expired=" + expired.name().toLowerCase(java.util.Locale.ROOT) + ",redact=" + (redact ? "on" : "off")
                + ",prompt=" + (prompt ? "auto" : "off")
                + (maxAge == null ? "" : ",max-age=" + maxAge.getSeconds() + "s");
    }

    private enum Option {
        PROFILE(AgentArguments.PROFILE), VAULT(AgentArguments.VAULT), IDENTITY(AgentArguments.IDENTITY),
        KEYFILE(AgentArguments.KEYFILE), PASSPHRASE_FILE(AgentArguments.PASSPHRASE_FILE),
        PASSPHRASE_COMMAND(AgentArguments.PASSPHRASE_COMMAND), SESSION(AgentArguments.SESSION), ENV(AgentArguments.ENV),
        PROPS(AgentArguments.PROPS), CHILDREN(AgentArguments.CHILDREN), OVERRIDE(AgentArguments.OVERRIDE),
        ONERROR(AgentArguments.ONERROR), VERBOSE(AgentArguments.VERBOSE), RELOAD(AgentArguments.RELOAD),
        EXPIRED(AgentArguments.EXPIRED), REDACT(AgentArguments.REDACT), PROMPT(AgentArguments.PROMPT),
        MAX_AGE(AgentArguments.MAX_AGE);

        private final String text;

        Option(String text) {
            this.text = text;
        }

        static Option named(String name) {
            for (Option option : values()) {
                if (option.text.equals(name)) {
                    return option;
                }
            }
            return null;
        }

        static String known() {
            StringBuilder names = new StringBuilder();
            for (Option option : values()) {
                names.append(names.length() == 0 ? "" : ", ").append(option.text);
            }
            return names.toString();
        }
    }
}
