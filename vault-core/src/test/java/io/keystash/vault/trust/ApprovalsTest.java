package io.keystash.vault.trust;

import io.keystash.vault.VaultException;
import io.keystash.vault.model.KeyMetadata;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApprovalsTest {
    private static KeyMetadata command(String command) throws VaultException {
        return KeyMetadata.builder().rotateCommand(command).build();
    }

    @Test
    void aKeyIsApprovedOnlyWithTheFingerprintRecordedForItsName() throws VaultException {
        KeyMetadata metadata = command("new-key");
        String fingerprint = SensitiveConfig.of(metadata).fingerprint();
        Approvals approvals = Approvals.of(Map.of("api", fingerprint));
        assertThat(approvals.status("api", metadata)).isEqualTo(TrustStatus.APPROVED);
        assertThat(approvals.status("other", metadata)).as("approvals are per key name").isEqualTo(TrustStatus.UNAPPROVED);
        assertThat(approvals.status("api", command("id > /tmp/x"))).isEqualTo(TrustStatus.UNAPPROVED);
        assertThat(approvals.approves("api", command("id > /tmp/x"))).isFalse();
        assertThat(approvals.status("api", KeyMetadata.builder().build())).isEqualTo(TrustStatus.NOT_NEEDED);
        assertThat(Approvals.nothing().status("api", metadata)).isEqualTo(TrustStatus.UNAPPROVED);
        assertThat(Approvals.everything().status("api", metadata)).isEqualTo(TrustStatus.APPROVED);
        assertThat(Approvals.everything().status("api", KeyMetadata.builder().build())).isEqualTo(TrustStatus.NOT_NEEDED);
    }

    @Test
    void aLocalEditIsApprovedWhenWhatItKeptWasApprovedOrItSetEverything() throws VaultException {
        KeyMetadata imported = KeyMetadata.builder().rotateCommand("theirs").setting("SERVICE_URL", "https://theirs").build();
        KeyMetadata commandReplaced = imported.toBuilder().rotateCommand("mine").build();
        KeyMetadata allReplaced = KeyMetadata.builder().rotateCommand("mine").build();
        Approvals none = Approvals.nothing();
        assertThat(none.approvesEdit("api", imported, commandReplaced)).as("the imported URL is still there").isFalse();
        assertThat(none.approvesEdit("api", imported, allReplaced)).isTrue();
        assertThat(none.approvesEdit("api", KeyMetadata.builder().build(), allReplaced)).as("nothing came from elsewhere").isTrue();
        Approvals approved = Approvals.of(Map.of("api", SensitiveConfig.of(imported).fingerprint()));
        assertThat(approved.approvesEdit("api", imported, commandReplaced)).isTrue();
    }

    @Test
    void jsonNamesAreStable() {
        assertThat(TrustStatus.NOT_NEEDED.jsonName()).isEqualTo("not-needed");
        assertThat(TrustStatus.UNAPPROVED.jsonName()).isEqualTo("unapproved");
    }
}
