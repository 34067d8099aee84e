package io.keystash.vault.model;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import static io.keystash.vault.SeededCases.cases;
import static io.keystash.vault.SeededCases.from;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Names} against an oracle written independently from the naming rules (plain loops, no regex):
 * key/profile name {@code [A-Za-z0-9][A-Za-z0-9._-]{0,127}}, env var {@code [A-Za-z_][A-Za-z0-9_]*},
 * property "no whitespace or '=', non-empty". Beyond those rules the code caps env vars and properties
 * at 256 characters and refuses control characters and unpaired surrogates in properties (a name
 * stored as UTF-8 must read back the same); the oracle states those limits explicitly.
 */
class NamesTest {
    private static final long SEED = 0x4E414D4553L;
    private static final int MAX_ENV_VAR = 256;
    private static final int MAX_PROPERTY = 256;

    /** Characters that sit on the edges of the rules: ASCII, Unicode look-alikes, spaces, controls. */
    private static final int[] ALPHABET = {
        'a', 'z', 'A', 'Z', 'm', 'Q', '0', '9', '5', '.', '_', '-', '=', ':', '/', '$', '@', '+', '~',
        ' ', '\t', '\n', '\r', 0x0B, 0x0C, 0x00, 0x01, 0x1F, 0x7F, 0x85, 0xA0, 0x1680, 0x2003, 0x2007, 0x200B,
        0x2028, 0x202F, 0x205F, 0x3000, 0xFEFF, 0xE9, 0xDF, 0x130, 0x131, 0x212A, 0x17F, 0xFF11, 0x0661,
        0xFF21, 0x1F600, 0x10400, 0xD800, 0xDC00, 0x2024, 0xFF0E, 0x2010, 0x2011, 0xFE4D,
    };
    private static final int[] NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"
            .codePoints().toArray();

    // ---- the oracle, from the rules ---------------------------------------------------------------

    private static boolean asciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean asciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean oracleKeyName(String s) {
        if (s.isEmpty() || s.length() > 128) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alnum = asciiLetter(c) || asciiDigit(c);
            if (!(alnum || i > 0 && (c == '.' || c == '_' || c == '-'))) {
                return false;
            }
        }
        return true;
    }

    /** Tags: as key names with ':' allowed after the first character, at most 64. */
    static boolean oracleTag(String s) {
        if (s.isEmpty() || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alnum = asciiLetter(c) || asciiDigit(c);
            if (!(alnum || i > 0 && (c == '.' || c == '_' || c == '-' || c == ':'))) {
                return false;
            }
        }
        return true;
    }

    static boolean oracleEnvVar(String s) {
        if (s.isEmpty() || s.length() > MAX_ENV_VAR) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(asciiLetter(c) || c == '_' || i > 0 && asciiDigit(c))) {
                return false;
            }
        }
        return true;
    }

    /** Unicode's White_Space property, listed from the Unicode character database. */
    private static boolean unicodeWhiteSpace(char c) {
        return c >= 0x09 && c <= 0x0D || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680
                || c >= 0x2000 && c <= 0x200A || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
                || c == 0x3000;
    }

    static boolean oracleProperty(String s) {
        if (s.isEmpty() || s.length() > MAX_PROPERTY) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '=' || unicodeWhiteSpace(c) || c < 0x20 || c >= 0x7F && c <= 0x9F) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    // ---- generated cases ------------------------------------------------------------------------

    /** Mostly near-valid names (a valid one with one character changed), some wild ones. */
    private static String candidate(SplittableRandom random) {
        int[] lengths = {0, 1, 2, 127, 128, 129, 255, 256, 257};
        int length = random.nextInt(3) == 0 ? lengths[random.nextInt(lengths.length)] : 1 + random.nextInt(40);
        if (random.nextBoolean()) {
            return from(random, ALPHABET, length);
        }
        StringBuilder name = new StringBuilder(from(random, NAME_CHARS, length));
        if (length > 0 && random.nextBoolean()) {
            int at = random.nextInt(length);
            name.replace(at, at + 1, new String(Character.toChars(ALPHABET[random.nextInt(ALPHABET.length)])));
        }
        return name.toString();
    }

    @TestFactory
    Stream<DynamicTest> keyNamesFollowTheSpec() {
        return cases(SEED, 400, random -> {
            for (int i = 0; i < 25; i++) {
                String name = candidate(random);
                assertThat(Names.isKeyName(name)).as("isKeyName of %s", Names.quote(name)).isEqualTo(oracleKeyName(name));
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> tagsFollowTheRule() {
        return cases(SEED + 3_000, 400, random -> {
            for (int i = 0; i < 25; i++) {
                String tag = candidate(random);
                assertThat(Names.isTag(tag)).as("isTag of %s", Names.quote(tag)).isEqualTo(oracleTag(tag));
            }
        });
    }

    @Test
    void tagEdges() {
        assertThat(Names.isTag("team:payments")).isTrue();
        assertThat(Names.isTag(":x")).isFalse();
        assertThat(Names.isTag("a".repeat(64))).isTrue();
        assertThat(Names.isTag("a".repeat(65))).isFalse();
        assertThat(Names.isTag("")).isFalse();
        assertThat(Names.isTag(null)).isFalse();
    }

    @TestFactory
    Stream<DynamicTest> envVarsFollowTheSpec() {
        return cases(SEED + 1_000, 400, random -> {
            for (int i = 0; i < 25; i++) {
                String name = candidate(random);
                assertThat(Names.isEnvVar(name)).as("isEnvVar of %s", Names.quote(name)).isEqualTo(oracleEnvVar(name));
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> propertiesFollowTheSpec() {
        return cases(SEED + 2_000, 400, random -> {
            for (int i = 0; i < 25; i++) {
                String name = candidate(random);
                assertThat(Names.isProperty(name)).as("isProperty of %s", Names.quote(name)).isEqualTo(oracleProperty(name));
            }
        });
    }

    // ---- the edges, spelled out -----------------------------------------------------------------

    @Test
    void keyNameLengthLimitIs128() {
        assertThat(Names.isKeyName("a".repeat(128))).isTrue();
        assertThat(Names.isKeyName("a".repeat(129))).isFalse();
        assertThat(Names.isKeyName("")).isFalse();
        assertThat(Names.isKeyName(null)).isFalse();
    }

    @Test
    void keyNameStartsWithLetterOrDigitAndHoldsOnlyAscii() {
        assertThat(Names.isKeyName("0penai.prod_2-x")).isTrue();
        assertThat(Names.isKeyName(".hidden")).isFalse();
        assertThat(Names.isKeyName("-dash")).isFalse();
        assertThat(Names.isKeyName("_under")).isFalse();
        assertThat(Names.isKeyName("clé")).isFalse();
        assertThat(Names.isKeyName("a b")).isFalse();
        assertThat(Names.isKeyName("a=b")).isFalse();
        assertThat(Names.isKeyName("key\n")).isFalse();
        assertThat(Names.isKeyName("\u212Aelvin")).isFalse();
        assertThat(Names.isKeyName("\uFF11")).isFalse();
    }

    @Test
    void envVarRules() {
        assertThat(Names.isEnvVar("OPENAI_API_KEY")).isTrue();
        assertThat(Names.isEnvVar("_x1")).isTrue();
        assertThat(Names.isEnvVar("1X")).isFalse();
        assertThat(Names.isEnvVar("A-B")).isFalse();
        assertThat(Names.isEnvVar("A=B")).isFalse();
        assertThat(Names.isEnvVar("A.B")).isFalse();
        assertThat(Names.isEnvVar("")).isFalse();
        assertThat(Names.isEnvVar("\u00C9T\u00C9")).isFalse();
        assertThat(Names.isEnvVar("A".repeat(MAX_ENV_VAR))).isTrue();
    }

    @Test
    void propertyRules() {
        assertThat(Names.isProperty("aws.secretAccessKey")).isTrue();
        assertThat(Names.isProperty("clé.ünïcode-😀")).isTrue();
        assertThat(Names.isProperty("")).isFalse();
        assertThat(Names.isProperty("a=b")).isFalse();
        assertThat(Names.isProperty("a b")).isFalse();
        assertThat(Names.isProperty("a\tb")).isFalse();
        assertThat(Names.isProperty("a\u3000b")).isFalse();
        assertThat(Names.isProperty("a\u00A0b")).as("no-break space is whitespace").isFalse();
        assertThat(Names.isProperty("a\u202Fb")).as("narrow no-break space is whitespace").isFalse();
        assertThat(Names.isProperty("a\uD800b")).as("an unpaired surrogate cannot be stored as UTF-8").isFalse();
    }

    @Test
    void requireGivesInvalidInputNamingTheRule() {
        assertThatThrownBy(() -> Names.requireKeyName("bad name"))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
                .hasMessageContaining("invalid key name 'bad name'");
        assertThatThrownBy(() -> Names.requireEnvVar("1X"))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT));
        assertThatThrownBy(() -> Names.requireProperty("a=b"))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT));
    }

    @Test
    void quoteEscapesControlCharactersAndShortensLongNames() {
        assertThat(Names.quote("a\nb")).isEqualTo("'a\\u000ab'");
        assertThat(Names.quote("x".repeat(200))).endsWith("…'").hasSize(143);
        assertThat(Names.quote(null)).isEqualTo("(none)");
    }
}
