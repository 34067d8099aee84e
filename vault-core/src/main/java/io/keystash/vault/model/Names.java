package io.keystash.vault.model;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;

import java.util.regex.Pattern;

/** The naming rules of SPEC §3, checked in one place. */
public final class Names {
    private static final Pattern KEY_OR_PROFILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_ENV_VAR = 256;
    private static final int MAX_PROPERTY = 256;

    private Names() {
    }

    public static boolean isKeyName(String name) {
        return name != null && KEY_OR_PROFILE.matcher(name).matches();
    }

    public static boolean isTag(String tag) {
        return tag != null && TAG.matcher(tag).matches();
    }

    public static boolean isEnvVar(String name) {
        return name != null && name.length() <= MAX_ENV_VAR && ENV_VAR.matcher(name).matches();
    }

    /**
     * Non-empty, no whitespace (Unicode's, including no-break spaces), no {@code =}, no control
     * character, and well-formed UTF-16 (it is stored as UTF-8 and must read back the same).
     */
    public static boolean isProperty(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_PROPERTY) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '=' || Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                return false;
            }
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == name.length() || !Character.isLowSurrogate(name.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    public static String requireKeyName(String name) throws VaultException {
        if (!isKeyName(name)) {
            throw invalid("key name", name, "letters, digits, '.', '_' or '-', starting with a letter or digit, at most 128");
        }
        return name;
    }

    public static String requireProfileName(String name) throws VaultException {
        if (!isKeyName(name)) {
            throw invalid("profile name", name, "letters, digits, '.', '_' or '-', starting with a letter or digit, at most 128");
        }
        return name;
    }

    public static String requireEnvVar(String name) throws VaultException {
        if (!isEnvVar(name)) {
            throw invalid("environment variable name", name, "letters, digits and '_', not starting with a digit");
        }
        return name;
    }

    public static String requireProperty(String name) throws VaultException {
        if (!isProperty(name)) {
            throw invalid("system property name", name, "non-empty, without whitespace or '='");
        }
        return name;
    }

    private static VaultException invalid(String what, String name, String rule) {
        return new VaultException(Failure.INVALID_INPUT, "invalid " + what + " " + quote(name) + ": " + rule);
    }

    /** A name shown in a message: quoted, control characters escaped, long ones shortened. */
    public static String quote(String name) {
        if (name == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder("'");
        int limit = Math.min(name.length(), 140);
        for (int i = 0; i < limit; i++) {
            char c = name.charAt(i);
            out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.append(name.length() > limit ? "…'" : "'").toString();
    }
}
