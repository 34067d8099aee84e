package io.keystash.it.cli;

import io.keystash.it.agent.programs.MainRan;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A passphrase is the same bytes read as UTF-8 from every source (standard input, a passphrase
 * file, {@code API_KEY_MASTER}, the terminal), whatever the locale: a non-ASCII one works under
 * {@code LC_ALL=C} (cron's locale), and bytes that are not UTF-8 are refused everywhere with the
 * same message, instead of being turned into U+FFFD (so that other byte strings would unlock).
 * Bytes are written with {@code printf} octal escapes, so the test JVM's own locale plays no part.
 */
class PassphraseEncodingIT {
    /** "pässphrase-ü" in UTF-8, as printf octal escapes. */
    private static final String NON_ASCII = "p\\303\\244ssphrase-\\303\\274";
    private static final String INVALID = "pass\\377phrase";

    @TempDir
    Path folder;
    KeystashCli cli;

    static List<Jdk> jdks() {
        return Jdks.matrix();
    }

    @BeforeEach
    void vaultWithANonAsciiPassphrase() {
        cli = new KeystashCli(folder.resolve("cli"));
        Result init = cli.shell("printf '" + NON_ASCII + "' | \"$KEYSTASH\" init --kdf pbkdf2");
        assertThat(init.status()).as(init.toString()).isZero();
    }

    @Test
    void aNonAsciiPassphraseUnlocksUnderTheCLocaleFromTheVariableAndAFile() throws Exception {
        Result variable = cli.shell("LC_ALL=C API_KEY_MASTER=\"$(printf '" + NON_ASCII + "')\" \"$KEYSTASH\" list");
        assertThat(variable.status()).as("API_KEY_MASTER under LC_ALL=C: " + variable).isZero();
        Result file = cli.shell("printf '" + NON_ASCII + "\\n' > pp.txt && chmod 600 pp.txt && LC_ALL=C \"$KEYSTASH\" --passphrase-file pp.txt list");
        assertThat(file.status()).as("passphrase file under LC_ALL=C: " + file).isZero();
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedFromEverySourceWithTheSameMessage() throws Exception {
        String other = folder.resolve("other.ks").toString();
        Result stdin = cli.shell("printf '" + INVALID + "' | \"$KEYSTASH\" --vault '" + other + "' init --kdf pbkdf2");
        assertThat(stdin.status()).as("standard input: " + stdin).isEqualTo(2);
        assertThat(Files.exists(Path.of(other))).isFalse();
        Result variable = cli.shell("API_KEY_MASTER=\"$(printf '" + INVALID + "')\" \"$KEYSTASH\" list");
        assertThat(variable.status()).as("API_KEY_MASTER: " + variable).isEqualTo(2);
        Result file = cli.shell("printf '" + INVALID + "' > bad.txt && \"$KEYSTASH\" --passphrase-file bad.txt list");
        assertThat(file.status()).as("passphrase file: " + file).isEqualTo(2);
        for (Result result : List.of(stdin, variable, file)) {
            assertThat(result.err().lines().toList()).hasSize(1);
            assertThat(result.err()).contains("is not valid UTF-8 (Keystash reads every passphrase as UTF-8, whatever the locale)");
        }
    }

    @Test
    void aReplacementCharacterPassphraseIsNotOpenedByOtherBytes() throws Exception {
        String other = folder.resolve("fffd.ks").toString();
        Result init = cli.shell("printf 'p\\357\\277\\275' | \"$KEYSTASH\" --vault '" + other + "' init --kdf pbkdf2");
        assertThat(init.status()).as(init.toString()).isZero();
        Result variable = cli.shell("API_KEY_MASTER=\"$(printf 'p\\377')\" \"$KEYSTASH\" --vault '" + other + "' list");
        assertThat(variable.status()).as("bytes p\\377 must not open a vault whose passphrase is p U+FFFD: " + variable).isNotZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theAgentUnlocksWithANonAsciiPassphraseUnderTheCLocale(Jdk jdk) throws Exception {
        List<String> command = JavaLaunch.on(jdk).agent(Artifacts.agentJar(), "vault=" + cli.vaultFile() + ",profile=empty")
                .classPath(Artifacts.testClasses()).main(MainRan.class).command();
        assertThat(cli.shell("API_KEY_MASTER=\"$(printf '" + NON_ASCII + "')\" \"$KEYSTASH\" profile create empty").status()).isZero();
        String quoted = command.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        Result result = cli.shell("LC_ALL=C API_KEY_MASTER=\"$(printf '" + NON_ASCII + "')\" " + quoted);
        assertThat(result.status()).as(result.toString()).isZero();
        assertThat(result.out()).contains("main=ran");
    }
}
