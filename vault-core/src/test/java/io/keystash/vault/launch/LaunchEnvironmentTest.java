package io.keystash.vault.launch;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The launch rules the agent, {@code run} and {@code agent-line} share. */
class LaunchEnvironmentTest {
    private static final Map<String, String> REAL = Map.of("PATH", "/usr/bin", "OPENAI_API_KEY", "real-value",
            "API_KEY_MASTER", "master", "KEYSTASH_KEY_FILE", "/k", "KEYSTASH_IDENTITY", "/i", "API_KEY_MASTER_FILE", "/p");

    private static Map<String, String> profile() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("OPENAI_API_KEY", "profile-value");
        variables.put("OPENAI_ORG_ID", "org-7");
        return variables;
    }

    @Test
    void theProfileIsTheGivenOneElseKeystashProfileTrimmedElseDefault() {
        assertThat(LaunchEnvironment.profileName("prod", Map.of("KEYSTASH_PROFILE", "dev"))).isEqualTo("prod");
        assertThat(LaunchEnvironment.profileName(null, Map.of("KEYSTASH_PROFILE", "dev"))).isEqualTo("dev");
        assertThat(LaunchEnvironment.profileName(null, Map.of("KEYSTASH_PROFILE", " dev\t\n"))).isEqualTo("dev");
        assertThat(LaunchEnvironment.profileName(null, Map.of("KEYSTASH_PROFILE", "  "))).isEqualTo("default");
        assertThat(LaunchEnvironment.profileName(null, Map.of("KEYSTASH_PROFILE", ""))).isEqualTo("default");
        assertThat(LaunchEnvironment.profileName(null, Map.of())).isEqualTo("default");
        // Control characters alone are not white space: trimmed to an empty name, which callers refuse.
        assertThat(LaunchEnvironment.profileName(null, Map.of("KEYSTASH_PROFILE", "\u0001"))).isEmpty();
    }

    @Test
    void theUnlockVariablesAreHidden() {
        assertThat(LaunchEnvironment.HIDDEN).containsExactlyInAnyOrder("API_KEY_MASTER", "API_KEY_MASTER_FILE", "KEYSTASH_KEY_FILE", "KEYSTASH_IDENTITY",
                "KEYSTASH_PASSPHRASE_COMMAND");
        LaunchEnvironment launch = LaunchEnvironment.of(REAL, Map.of(), true);
        assertThat(launch.environment()).containsOnlyKeys("PATH", "OPENAI_API_KEY");
        assertThat(launch.served()).isEmpty();
        assertThat(launch.conflicts()).isEmpty();
    }

    @Test
    void withOverrideTheProfileWinsAndTheConflictIsOneLineNamingIt() {
        LaunchEnvironment launch = LaunchEnvironment.of(REAL, profile(), true);
        assertThat(launch.environment()).containsEntry("OPENAI_API_KEY", "profile-value").containsEntry("OPENAI_ORG_ID", "org-7")
                .containsEntry("PATH", "/usr/bin").doesNotContainKey("API_KEY_MASTER");
        assertThat(launch.served()).containsExactly(Map.entry("OPENAI_API_KEY", "profile-value"), Map.entry("OPENAI_ORG_ID", "org-7"));
        assertThat(launch.conflicts()).containsExactly(
                "the profile's OPENAI_API_KEY replaces the variable of the same name (override=true)");
    }

    @Test
    void withoutOverrideTheRealVariableStaysAndIsNotServed() {
        LaunchEnvironment launch = LaunchEnvironment.of(REAL, profile(), false);
        assertThat(launch.environment()).containsEntry("OPENAI_API_KEY", "real-value").containsEntry("OPENAI_ORG_ID", "org-7");
        assertThat(launch.served()).containsOnlyKeys("OPENAI_ORG_ID");
        assertThat(launch.conflicts()).containsExactly(
                "the variable OPENAI_API_KEY is kept; the profile's value is not used (override=false)");
    }

    @Test
    void anUnlockVariableInTheProfileIsServedButItsRealValueIsNot() {
        // A profile may bind any name; what must never pass is the real unlock material.
        LaunchEnvironment launch = LaunchEnvironment.of(REAL, Map.of("API_KEY_MASTER", "bound"), true);
        assertThat(launch.environment()).containsEntry("API_KEY_MASTER", "bound");
        assertThat(launch.conflicts()).isEmpty();
    }

    @Test
    void conflictLinesNeverHoldAValue() {
        for (boolean override : new boolean[] {true, false}) {
            for (String line : LaunchEnvironment.of(REAL, profile(), override).conflicts()) {
                assertThat(line).doesNotContain("real-value").doesNotContain("profile-value").doesNotContain("\n");
            }
        }
    }

    @Test
    void theEnvironmentIsUnmodifiableAndRefusesNullNamesAsTheJdksDoes() {
        Map<String, String> environment = LaunchEnvironment.of(REAL, profile(), true).environment();
        assertThatThrownBy(() -> environment.put("X", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> environment.get(null)).isInstanceOf(NullPointerException.class);
    }
}
