package io.keystash.vault.state;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each change of what a machine remembers keeps the rest of it. */
class VaultFactsTest {
    private static final VaultFacts.Sync SYNC = new VaultFacts.Sync("store-1", 42, 7, 1_000, true);

    @Test
    void everyChangeKeepsWhatItDoesNotChange() {
        VaultFacts facts = new VaultFacts(7, 6, Map.of("openai", "f1"), SYNC);
        Map<String, String> changes = new HashMap<>();
        changes.put("hf", "f2");
        changes.put("openai", null);
        VaultFacts approved = facts.approvingAll(changes);
        assertThat(approved.sync()).as("approvals keep the replica's standing with its store").isEqualTo(SYNC);
        assertThat(approved.approvals()).containsExactly(Map.entry("hf", "f2"));
        assertThat(facts.approving("x", "f3").sync()).isEqualTo(SYNC);
        assertThat(facts.written(9).sync()).isEqualTo(SYNC);
        assertThat(facts.written(9).approvals()).isEqualTo(facts.approvals());
        assertThat(facts.seen(8).highestSeen()).isEqualTo(8);
        assertThat(facts.seen(3).highestSeen()).as("never lower").isEqualTo(7);
        assertThat(facts.synced(null).approvals()).isEqualTo(facts.approvals());
    }
}
