package io.keystash.vault.trust;

import io.keystash.vault.crypto.Sha256;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.provider.Provider;
import io.keystash.vault.provider.Providers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The part of a key's configuration that makes Keystash run something or tells a program where to
 * send the key: its rotate command, its validate command, its endpoint, and the settings that
 * need approval (see {@link #needsApproval}). Whoever sets these on a key can run commands as the
 * user ({@code rotate --due}), read the next value of the key (a validate command gets it on its
 * stdin) or point a program at a server of theirs ({@code OPENAI_BASE_URL}). So when they came
 * from elsewhere — an import, another member of a shared vault — they are run or served only once
 * approved on this machine; {@link Approvals} decides that by this configuration's
 * {@linkplain #fingerprint() fingerprint}.
 *
 * <p>None of it is a secret (a key's values never are part of it), so it may be shown to the
 * user; {@link #parts()} gives it with control characters made visible.
 */
public final class SensitiveConfig {
    /** Digits of the hex fingerprint: the first 128 bits of the SHA-256. */
    public static final int FINGERPRINT_HEX_DIGITS = 32;
    private static final byte[] DOMAIN = "keystash approval 1".getBytes(StandardCharsets.US_ASCII);

    private final String rotateCommand;
    private final String validateCommand;
    private final String endpoint;
    private final SortedMap<String, String> settings;

    private SensitiveConfig(String rotateCommand, String validateCommand, String endpoint, SortedMap<String, String> settings) {
        this.rotateCommand = rotateCommand;
        this.validateCommand = validateCommand;
        this.endpoint = endpoint;
        this.settings = Collections.unmodifiableSortedMap(settings);
    }

    /** The sensitive part of {@code metadata}; blank commands and endpoints count as none. */
    public static SensitiveConfig of(KeyMetadata metadata) {
        Provider provider = Providers.byIdOrCustom(metadata.provider());
        SortedMap<String, String> settings = new TreeMap<>();
        for (Map.Entry<String, String> setting : metadata.settings().entrySet()) {
            if (needsApproval(provider, setting.getKey())) {
                settings.put(setting.getKey(), setting.getValue());
            }
        }
        return new SensitiveConfig(textOrNull(metadata.rotateCommand()), textOrNull(metadata.validateCommand()),
                textOrNull(metadata.endpoint()), settings);
    }

    /**
     * Whether a key of {@code provider} serves setting {@code name} only once approved: every
     * setting whose name ends in {@code _URL} (so {@code _BASE_URL}) or {@code _ENDPOINT}, and
     * every setting the provider does not declare as its own. A setting is served to the program
     * and its child processes as an environment variable, and a variable of any name can redirect
     * a program ({@code HTTPS_PROXY}) or make it run code ({@code LD_PRELOAD},
     * {@code JAVA_TOOL_OPTIONS}, {@code GIT_SSH_COMMAND}); only a provider's own settings that name
     * no address ({@code OPENAI_ORG_ID}, {@code AWS_REGION}) are served like the key's value.
     */
    public static boolean needsApproval(Provider provider, String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.endsWith("_URL") || upper.endsWith("_ENDPOINT") || !provider.settingNames().contains(name);
    }

    /** True when there is nothing to approve: no command, no endpoint, no such setting. */
    public boolean isEmpty() {
        return rotateCommand == null && validateCommand == null && endpoint == null && settings.isEmpty();
    }

    public String rotateCommand() {
        return rotateCommand;
    }

    public String validateCommand() {
        return validateCommand;
    }

    public String endpoint() {
        return endpoint;
    }

    /** The settings that need approval, by name. */
    public SortedMap<String, String> settings() {
        return settings;
    }

    /**
     * 32 hex digits: the first 128 bits of a SHA-256 over an unambiguous encoding of the four
     * fields (each present field tagged and length-prefixed, settings sorted by name). Two
     * configurations have the same fingerprint only if they are the same.
     */
    public String fingerprint() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(DOMAIN);
        field(out, 'r', rotateCommand);
        field(out, 'v', validateCommand);
        field(out, 'e', endpoint);
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            field(out, 's', setting.getKey());
            field(out, '=', setting.getValue());
        }
        byte[] encoded = out.toByteArray();
        return HexFormat.of().formatHex(Sha256.of(encoded, 0, encoded.length), 0, FINGERPRINT_HEX_DIGITS / 2);
    }

    private static void field(ByteArrayOutputStream out, char tag, String value) {
        if (value == null) {
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(tag);
        out.write(bytes.length >>> 24);
        out.write(bytes.length >>> 16);
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    /**
     * The parts of this configuration that are the same in {@code before}: what a change that
     * produced this configuration from {@code before} did not set itself.
     */
    public SensitiveConfig keptFrom(SensitiveConfig before) {
        SortedMap<String, String> kept = new TreeMap<>();
        settings.forEach((name, value) -> {
            if (value.equals(before.settings.get(name))) {
                kept.put(name, value);
            }
        });
        return new SensitiveConfig(same(rotateCommand, before.rotateCommand), same(validateCommand, before.validateCommand),
                same(endpoint, before.endpoint), kept);
    }

    private static String same(String value, String other) {
        return Objects.equals(value, other) ? value : null;
    }

    /** One part of the configuration, for showing: {@code label} and its value, control characters escaped. */
    public record Part(String label, String value) {
    }

    /**
     * Every present part, in a fixed order: {@code rotate command}, {@code validate command},
     * {@code endpoint}, then {@code setting NAME}. Values have their control and invisible
     * formatting characters written as escapes ({@code \r}, {@code \u202E}), so what the user
     * reads is what would run: a carriage return cannot hide half a command.
     */
    public List<Part> parts() {
        List<Part> parts = new ArrayList<>();
        if (rotateCommand != null) {
            parts.add(new Part("rotate command", visible(rotateCommand)));
        }
        if (validateCommand != null) {
            parts.add(new Part("validate command", visible(validateCommand)));
        }
        if (endpoint != null) {
            parts.add(new Part("endpoint", visible(endpoint)));
        }
        settings.forEach((name, value) -> parts.add(new Part("setting " + name, visible(value))));
        return parts;
    }

    /** The labels of the present parts, e.g. {@code rotate command, OPENAI_BASE_URL}. */
    public String summary() {
        List<String> labels = new ArrayList<>();
        if (rotateCommand != null) {
            labels.add("rotate command");
        }
        if (validateCommand != null) {
            labels.add("validate command");
        }
        if (endpoint != null) {
            labels.add("endpoint");
        }
        labels.addAll(settings.keySet());
        return String.join(", ", labels);
    }

    /** {@code text} with every character that is not plainly visible written as an escape. */
    static String visible(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    int type = Character.getType(c);
                    boolean hidden = Character.isISOControl(c) || type == Character.FORMAT || type == Character.UNASSIGNED
                            || type == Character.PRIVATE_USE || type == Character.SURROGATE
                            || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
                    if (hidden) {
                        out.append(c > 0xFFFF ? String.format(Locale.ROOT, "\\U%08X", c) : String.format(Locale.ROOT, "\\u%04X", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }

    private static String textOrNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SensitiveConfig c && Objects.equals(rotateCommand, c.rotateCommand)
                && Objects.equals(validateCommand, c.validateCommand) && Objects.equals(endpoint, c.endpoint)
                && settings.equals(c.settings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rotateCommand, validateCommand, endpoint, settings);
    }

    @Override
    public String toString() {
        return "SensitiveConfig[" + summary() + "]";
    }
}
