package io.keystash.vault.model;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {
    @Test
    void readsOneOrMoreNumberAndUnitPairs() throws VaultException {
        assertThat(Durations.parse("500ms", "x")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("90s", "x")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("30m", "x")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Durations.parse(" 8H ", "x")).isEqualTo(Duration.ofHours(8));
        assertThat(Durations.parse("1h30m", "x")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("2d", "x")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("0s", "x")).isZero();
        assertThat(Durations.parse("365d", "x")).isEqualTo(Durations.MAX);
    }

    @Test
    void refusesAnythingElseNamingWhatItWasFor() {
        for (String bad : new String[] {"", "8", "h", "8x", "-1h", "1.5h", "8h ago", "366d", "9999999999s", "1h 30m"}) {
            assertThatThrownBy(() -> Durations.parse(bad, "--for")).as("'%s'", bad)
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
                    .hasMessageStartingWith("invalid --for");
        }
    }

    @Test
    void formatsForPeople() {
        assertThat(Durations.format(Duration.ofHours(8))).isEqualTo("8h");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofMillis(300))).isEqualTo("300ms");
        assertThat(Durations.format(Duration.ofSeconds(86_461))).isEqualTo("1d1m1s");
    }
}
