package io.keystash.cli.terminal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TableTest {
    @Test
    void alignsColumnsAndShowsDashForEmptyCells() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Table("A", "BB", "C").row("long", null, "x").row("s", "y", "").print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("A     BB  C\nlong  -   x\ns     y   -\n");
    }
}
