package io.keystash.vault.unlock;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The passphrase command: what it prints is the passphrase; a failure names the command, never its output. */
class PassphraseCommandTest {
    private static final String SECRET = "correct-horse-battery";
    /** A command that prints {@link #SECRET} without it in its own text (which messages do show). */
    private static final String PRINTS_SECRET = "echo correct-horse-$(echo battery)";

    private static boolean hasChars(Passphrase passphrase, String expected) {
        return Arrays.equals(passphrase.chars(), expected.toCharArray());
    }

    private static void assertLocked(String command, Map<String, String> env, String expected) {
        assertThatThrownBy(() -> PassphraseCommand.run(command, env))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.LOCKED))
                .hasMessageContaining("passphrase command '" + command + "'")
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage().contains(SECRET)).as("the output in the message").isFalse());
    }

    @Test
    void itsOutputWithoutOneTrailingNewlineIsThePassphrase() throws Exception {
        String[][] cases = {
            {"printf '%s' " + SECRET, SECRET}, {"echo " + SECRET, SECRET}, {"printf '%s\\r\\n' " + SECRET, SECRET},
            {"printf 'a\\n\\n'", "a\n"}, {"printf ' spaced \\n'", " spaced "}, {"printf 'cl\\303\\251\\n'", "clé"},
        };
        for (String[] c : cases) {
            try (Passphrase passphrase = PassphraseCommand.run(c[0], Map.of())) {
                assertThat(hasChars(passphrase, c[1])).as("%s", c[0]).isTrue();
                assertThat(passphrase.origin()).isEqualTo("passphrase command '" + c[0] + "'");
            }
        }
    }

    @Test
    void aNonZeroStatusIsLockedAndTheOutputIsNotShown() {
        assertLocked(PRINTS_SECRET + "; exit 3", Map.of(), "failed (exit status 3)");
    }

    @Test
    void noOutputIsLocked() {
        assertLocked("true", Map.of(), "printed no passphrase");
        assertLocked("echo", Map.of(), "printed no passphrase");
    }

    @Test
    void tooMuchOutputIsLocked() {
        assertLocked("head -c 5000 /dev/zero | tr '\\0' x", Map.of(), "printed more than 4096 bytes");
    }

    @Test
    void aCommandPastItsTimeLimitIsStoppedAndLocked() {
        long start = System.nanoTime();
        assertLocked("sleep 20; " + PRINTS_SECRET, Map.of(PassphraseCommand.TIMEOUT_VARIABLE, "300ms"), "within 300ms (stopped it)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertLocked(PRINTS_SECRET + "; sleep 20", Map.of(PassphraseCommand.TIMEOUT_VARIABLE, "1"),
                "within 1s (stopped it)");
    }

    @Test
    void theTimeLimitIsThirtySecondsUnlessTheVariableSaysOtherwise() throws Exception {
        assertThat(PassphraseCommand.timeout(Map.of())).isEqualTo(Duration.ofSeconds(30));
        assertThat(PassphraseCommand.timeout(Map.of(PassphraseCommand.TIMEOUT_VARIABLE, "45"))).isEqualTo(Duration.ofSeconds(45));
        assertThat(PassphraseCommand.timeout(Map.of(PassphraseCommand.TIMEOUT_VARIABLE, "2m"))).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> PassphraseCommand.timeout(Map.of(PassphraseCommand.TIMEOUT_VARIABLE, "soon")))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
                .hasMessageContaining(PassphraseCommand.TIMEOUT_VARIABLE);
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedAsEverySourceRefusesThem() {
        assertThatThrownBy(() -> PassphraseCommand.run("printf 'a\\377'", Map.of()))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
                .hasMessageContaining("is not valid UTF-8");
    }

    @Test
    void aCommandIsQuotedWithControlCharactersEscaped() {
        assertThat(PassphraseCommand.quoted("a\nb\u001b")).isEqualTo("'a\\u000ab\\u001b'");
    }
}
