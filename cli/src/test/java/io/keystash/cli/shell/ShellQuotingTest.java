package io.keystash.cli.shell;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShellQuotingTest {
    @Test
    void singleQuotesAreClosedEscapedAndReopened() {
        assertThat(ShellQuoting.quote("a'b")).isEqualTo("'a'\\''b'");
        assertThat(ShellQuoting.quote("")).isEqualTo("''");
        assertThat(ShellQuoting.quote("$x\n\\")).isEqualTo("'$x\n\\'");
    }

    @Test
    void quoteIfNeededLeavesPlainPathsAlone() {
        assertThat(ShellQuoting.quoteIfNeeded("-javaagent:/opt/k.jar=profile=dev,keyfile=/k")).doesNotStartWith("'");
        assertThat(ShellQuoting.quoteIfNeeded("/my dir/k.jar")).isEqualTo("'/my dir/k.jar'");
    }
}
