package io.keystash.agent.inject;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExpiredKeysTest {
    @Test
    void linesNameKeysAndDatesOnly() {
        Map<String, LocalDate> expired = new LinkedHashMap<>();
        expired.put("openai", LocalDate.of(2024, 1, 31));
        assertThat(ExpiredKeys.warnings(expired)).containsExactly(
                "key 'openai' expired on 2024-01-31; still served (expired=warn; rotate it: keystash rotate openai)");
        assertThat(ExpiredKeys.refusal(expired)).isEqualTo(
                "key 'openai' expired on 2024-01-31 (expired=refuse: rotate with keystash rotate, or start with expired=warn)");
        expired.put("aws", LocalDate.of(2024, 2, 1));
        expired.put("hf", LocalDate.of(2024, 2, 2));
        assertThat(ExpiredKeys.refusal(expired)).startsWith(
                "keys 'openai' (expired 2024-01-31), 'aws' (expired 2024-02-01) and 'hf' (expired 2024-02-02) have expired");
    }
}
