package io.keystash.vault.model;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;


/** The naming rules for keys, profiles, tags, variables and properties, checked in one place. */
public final class Names {
    // Plain loops, not regular expressions: every CLI command checks a name, and compiling the
    // first pattern of a JVM costs a few milliseconds of class loading on a cold start.
    private static final int MAX_KEY_OR_PROFILE = 128;
    private static final int MAX_TAG = 64;
    private static final int MAX_ENV_VAR = 256;
    private static final int MAX_PROPERTY = 256;

    private Names() {
    }

    public static boolean isKeyName(String name) {
        return name != null && startsAlnumThenOnly(name, MAX_KEY_OR_PROFILE, "._-");
    }

    /** A member (slot) name: like a key name, and {@code @} too ({@code alice@laptop}), at most 64. */
    public static boolean isMemberName(String name) {
        return name != null && startsAlnumThenOnly(name, MAX_TAG, "._@-");
    }

    public static boolean isTag(String tag) {
        return tag != null && startsAlnumThenOnly(tag, MAX_TAG, "._:-");
    }

    public static boolean isEnvVar(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_ENV_VAR
                || !(isAsciiLetter(name.charAt(0)) || name.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAsciiLetter(c) && !isAsciiDigit(c) && c != '_') {
                return false;
            }
        }
        return true;
    }

    /** 1 to {@code max} characters: an ASCII letter or digit, then letters, digits or {@code others}. */
    private static boolean startsAlnumThenOnly(String text, int max, String others) {
        if (text.isEmpty() || text.length() > max || !isAsciiLetter(text.charAt(0)) && !isAsciiDigit(text.charAt(0))) {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isAsciiLetter(c) && !isAsciiDigit(c) && others.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
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

    public static String requireMemberName(String name) throws VaultException {
        if (!isMemberName(name)) {
            throw invalid("member name", name, "letters, digits, '.', '_', '@' or '-', starting with a letter or digit, at most 64");
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
