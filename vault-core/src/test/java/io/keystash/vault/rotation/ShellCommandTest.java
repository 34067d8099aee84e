package io.keystash.vault.rotation;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ShellCommandTest {
    private static final Duration SHORT = Duration.ofMillis(700);

    @Test
    void capturesStdoutStatusAndGivesTheCommandItsInput() throws Exception {
        ShellCommand.Result result = ShellCommand.run("tr a-z A-Z; exit 3", Map.of(), "abc".getBytes(StandardCharsets.UTF_8));
        assertThat(result.exitStatus()).isEqualTo(3);
        assertThat(new String(result.stdout(), StandardCharsets.UTF_8)).isEqualTo("ABC");
        assertThat(result.timedOut()).isFalse();
    }

    @Test
    void aCommandThatNeverEndsIsKilledAtItsTimeLimit() throws Exception {
        Instant start = Instant.now();
        ShellCommand.Result result = ShellCommand.run("echo partial; sleep 5", Map.of(), null, SHORT);
        assertThat(result.timedOut()).isTrue();
        assertThat(result.stdout()).isEmpty();
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aBackgroundChildHoldingTheOutputOpenDoesNotHoldUsPastTheLimit() throws Exception {
        Instant start = Instant.now();
        ShellCommand.Result result = ShellCommand.run("sleep 5 & echo value", Map.of(), null, SHORT);
        // The JDK may hand over what the command printed when it exits (it drains the pipe), or the
        // reader may still be waiting on the child: then it is a timeout. Either way, no hang.
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(4));
        if (!result.timedOut()) {
            assertThat(new String(result.stdout(), StandardCharsets.UTF_8)).isEqualTo("value\n");
        }
    }

    @Test
    void aCommandThatNeverReadsItsInputStillFinishes() throws Exception {
        byte[] big = new byte[64 * 1024];
        java.util.Arrays.fill(big, (byte) 'x');
        ShellCommand.Result result = ShellCommand.run("exit 0", Map.of(), big, SHORT);
        assertThat(result.timedOut()).isFalse();
        assertThat(result.exitStatus()).isZero();
    }

    @Test
    void outputBeyondTheValueLimitIsFlagged() throws Exception {
        ShellCommand.Result result = ShellCommand.run("head -c 70000 /dev/zero | tr '\\0' x", Map.of(), null);
        assertThat(result.tooLong()).isTrue();
    }
}
