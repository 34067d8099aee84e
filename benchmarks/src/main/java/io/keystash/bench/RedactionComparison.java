package io.keystash.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs {@link RedactionBenchmark} and prints each call's cost with and without redaction, side by
 * side. The agent jar must be on the class path ({@code benchmarks/jmh/redact.sh} puts it there).
 */
public final class RedactionComparison {
    private RedactionComparison() {
    }

    public static void main(String[] args) throws Exception {
        Class.forName("io.keystash.agent.redact.Redaction"); // fail early without the agent jar
        Map<String, Map<String, Double>> scores = new TreeMap<>();
        for (RunResult result : new Runner(new OptionsBuilder().include(RedactionBenchmark.class.getName()).build()).run()) {
            String label = result.getParams().getBenchmark();
            scores.computeIfAbsent(label.substring(label.lastIndexOf('.') + 1), k -> new TreeMap<>())
                    .put(result.getParams().getParam("redact"), result.getPrimaryResult().getScore());
        }
        System.out.printf(Locale.ROOT, "%n| call | redact=off ns/op | redact=on ns/op | ratio |%n| --- | --- | --- | --- |%n");
        for (Map.Entry<String, Map<String, Double>> entry : scores.entrySet()) {
            double off = entry.getValue().get("off");
            double on = entry.getValue().get("on");
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f× |%n", entry.getKey(), off, on, on / off);
        }
    }
}
