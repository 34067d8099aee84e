package io.keystash.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code System.out.println} and {@code printf} of log-like lines to {@code /dev/null}, with the
 * agent's redaction ({@code redact=on}) or without. The redacting stream is the agent's own
 * ({@code io.keystash.agent.redact.Redaction}, from the agent jar on the class path), installed
 * over a print stream on {@code /dev/null} built as the JDK builds {@code System.out} (an 8 KiB
 * buffer, flushed at each line): JMH replaces a forked JVM's {@code System.out} with its own, so
 * the one the agent installs at start cannot be measured in place. It redacts 20 values of 40
 * characters, a profile's worth. Run by {@code benchmarks/jmh/redact.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RedactionBenchmark {
    /** A line of the length and look of a log line, no value in it. */
    static final String LINE = "2026-12-07 10:15:42.123 INFO  [main] c.e.orders.OrderService - order 48213 accepted, "
            + "3 items, total 129.90 EUR, shipping to DE";

    @Param({"off", "on"})
    public String redact;

    private PrintStream original;
    private PrintStream out;
    private String value;

    @Setup(Level.Trial)
    public void install() throws Exception {
        original = System.out;
        System.setOut(new PrintStream(new BufferedOutputStream(new FileOutputStream("/dev/null"), 8192), true));
        Map<String, String> served = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            served.put("KEY_" + i, "sk-bench-" + i + "-0123456789abcdef0123456789abcd".substring(0, 30));
        }
        value = served.get("KEY_7");
        if (redact.equals("on")) {
            Class.forName("io.keystash.agent.redact.Redaction").getMethod("install", Map.class).invoke(null, served);
        }
        out = System.out;
    }

    @TearDown(Level.Trial)
    public void restore() throws IOException {
        out.flush();
        System.setOut(original);
    }

    @Benchmark
    public void printlnLine() {
        out.println(LINE);
    }

    @Benchmark
    public void printlnLineWithAValue() {
        out.println("calling the API with key " + value + " for order 48213");
    }

    @Benchmark
    public void printfLine() {
        out.printf("%s order %d accepted%n", "c.e.orders.OrderService", 48213);
    }
}
