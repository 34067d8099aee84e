package io.keystash.agent.inject;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's plan: vault-core's launch environment, plus system properties and the children's share. */
class InjectionPlanTest {
    private static final Map<String, String> REAL = Map.of("PATH", "/usr/bin", "OPENAI_API_KEY", "real", "API_KEY_MASTER", "m");

    private static Properties systemProperties() {
        Properties properties = new Properties();
        properties.setProperty("service.token", "from -D");
        return properties;
    }

    @Test
    void withOverrideEveryBindingWinsAndEachConflictIsReported() {
        InjectionPlan plan = InjectionPlan.of(REAL, Map.of("OPENAI_API_KEY", "served"), Map.of("service.token", "served-p"),
                systemProperties(), true, true);
        assertThat(plan.programEnvironment()).containsEntry("OPENAI_API_KEY", "served").doesNotContainKey("API_KEY_MASTER");
        assertThat(plan.childAdditions()).containsExactly(Map.entry("OPENAI_API_KEY", "served"));
        assertThat(plan.properties()).containsExactly(Map.entry("service.token", "served-p"));
        assertThat(plan.conflicts()).containsExactly(
                "the profile's OPENAI_API_KEY replaces the variable of the same name (override=true)",
                "the profile's service.token replaces the system property of the same name (override=true)");
    }

    @Test
    void withoutOverrideTheRealOnesStayAndChildrenNoneAddsNothing() {
        InjectionPlan plan = InjectionPlan.of(REAL, Map.of("OPENAI_API_KEY", "served", "HF_TOKEN", "hf"),
                Map.of("service.token", "served-p"), systemProperties(), false, false);
        assertThat(plan.programEnvironment()).containsEntry("OPENAI_API_KEY", "real").containsEntry("HF_TOKEN", "hf");
        assertThat(plan.childAdditions()).isEmpty();
        assertThat(plan.properties()).isEmpty();
        assertThat(plan.conflicts()).containsExactly(
                "the variable OPENAI_API_KEY is kept; the profile's value is not used (override=false)",
                "the system property service.token is kept; the profile's value is not used (override=false)");
    }
}
