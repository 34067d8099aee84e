package io.keystash.bench.approaches;

import java.lang.instrument.Instrumentation;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code -javaagent:benchmarks-…-approach-agent.jar=APPROACH}: serves
 * {@code VAR_0 … VAR_19} through {@code System.getenv(String)} by one of the approaches below.
 */
public final class ApproachAgent {
    private ApproachAgent() {
    }

    public static void premain(String options, Instrumentation instrumentation) throws Exception {
        if (options == null) {
            throw new IllegalArgumentException("usage: -javaagent:approach-agent.jar=APPROACH");
        }
        System.getProperties().put(ServedValues.PROPERTY, new ServedValues(variables()));
        String approach = options;
        switch (approach) {
            case "agentbuilder" -> AgentBuilderApproach.install(instrumentation, false);
            case "agentbuilder-tuned" -> AgentBuilderApproach.install(instrumentation, true);
            case "advice-transformer" -> AdviceTransformerApproach.install(instrumentation);
            case "asm" -> AsmVisitorApproach.install(instrumentation);
            default -> throw new IllegalArgumentException("unknown approach " + approach);
        }
    }

    /** The tiny program's variables, with made-up values. */
    private static Map<String, String> variables() {
        Map<String, String> variables = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            variables.put("VAR_" + i, "approach-value-" + i);
        }
        return variables;
    }
}
