package io.keystash.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * {@code System.getenv(name)} and {@code System.getenv().get(name)} as a program calls them. Run
 * plain and under the agent by {@link GetenvComparison}, which compares the two (the budget: an
 * intercepted call within 1.5× of the plain one). The variable to read is named by the system
 * property {@code keystash.bench.variable}; it must be set (in the real environment for the plain
 * run, served by the agent's profile for the other).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GetenvBenchmark {
    private String name;
    private String absent;

    @Setup
    public void findVariable() {
        name = System.getProperty("keystash.bench.variable", "KEYSTASH_BENCH_VALUE");
        absent = name + "_ABSENT";
        if (System.getenv(name) == null) {
            throw new IllegalStateException(name + " is not in this JVM's environment");
        }
    }

    @Benchmark
    public String getenvOne() {
        return System.getenv(name);
    }

    @Benchmark
    public String getenvMapLookup() {
        return System.getenv().get(name);
    }

    @Benchmark
    public String getenvAbsent() {
        return System.getenv(absent);
    }

    @Benchmark
    public String getenvMapLookupAbsent() {
        return System.getenv().get(absent);
    }
}
