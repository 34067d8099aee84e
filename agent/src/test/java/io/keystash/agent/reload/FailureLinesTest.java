package io.keystash.agent.reload;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureLinesTest {
    @Test
    void oneLinePerDistinctFailureUntilCleared() {
        FailureLines lines = new FailureLines();
        assertThat(lines.first("DAMAGED")).isTrue();
        assertThat(lines.first("DAMAGED")).isFalse();
        assertThat(lines.first("LOCKED")).isTrue();
        lines.clear();
        assertThat(lines.first("DAMAGED")).isTrue();
    }
}
