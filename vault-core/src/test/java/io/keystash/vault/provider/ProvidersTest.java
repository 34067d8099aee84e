package io.keystash.vault.provider;

import io.keystash.vault.Failure;
import io.keystash.vault.Secret;
import io.keystash.vault.VaultException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProvidersTest {

    @Test
    void theCatalogueIsSpecSection3InOrderWithCustomLast() {
        assertThat(Providers.all()).extracting(Provider::id)
                .containsExactly("openai", "anthropic", "google", "aws", "azure", "huggingface", "custom");
    }

    @Test
    void eachProviderServesTheSpecsDefaultVariables() throws VaultException {
        Map<String, List<String>> expected = Map.of(
                "openai", List.of("OPENAI_API_KEY"),
                "anthropic", List.of("ANTHROPIC_API_KEY"),
                "google", List.of("GOOGLE_API_KEY", "GEMINI_API_KEY"),
                "aws", List.of("AWS_SECRET_ACCESS_KEY"),
                "azure", List.of("AZURE_OPENAI_API_KEY"),
                "huggingface", List.of("HF_TOKEN"),
                "custom", List.of());
        for (Map.Entry<String, List<String>> provider : expected.entrySet()) {
            assertThat(Providers.byId(provider.getKey()).envVars()).as(provider.getKey())
                    .isEqualTo(provider.getValue());
        }
        assertThat(Providers.byId("openai").settingNames()).containsExactly("OPENAI_BASE_URL", "OPENAI_ORG_ID");
        assertThat(Providers.byId("anthropic").settingNames()).containsExactly("ANTHROPIC_BASE_URL");
        assertThat(Providers.byId("azure").settingNames()).containsExactly("AZURE_OPENAI_ENDPOINT");
        Provider aws = Providers.byId("aws");
        assertThat(aws.property()).isEqualTo("aws.secretAccessKey");
        assertThat(aws.settingNames()).contains("AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN", "AWS_REGION");
        assertThat(aws.settingProperties()).containsEntry("AWS_ACCESS_KEY_ID", "aws.accessKeyId");
        assertThat(Providers.byId("custom").primaryEnvVar()).isNull();
    }

    @Test
    void idsAreMatchedWhateverTheirCaseAndAnUnknownOneListsTheKnownOnes() throws VaultException {
        assertThat(Providers.byId("OpenAI").id()).isEqualTo("openai");
        assertThatThrownBy(() -> Providers.byId("nope"))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
                .hasMessageContaining("unknown provider")
                .hasMessageContaining("openai, anthropic, google, aws, azure, huggingface, custom");
        assertThat(Providers.byIdOrCustom("from-a-newer-version").id()).isEqualTo("custom");
    }

    @Test
    void formatChecksTellAProvidersKeysFromAWrongPaste() throws VaultException {
        Map<String, String> typical = Map.of(
                "openai", "sk-" + "a".repeat(40),
                "anthropic", "sk-ant-" + "b".repeat(40),
                "google", "AIza" + "c".repeat(35),
                "aws", "d".repeat(40),
                "azure", "e".repeat(32),
                "huggingface", "hf_" + "f".repeat(34));
        for (Map.Entry<String, String> sample : typical.entrySet()) {
            Provider provider = Providers.byId(sample.getKey());
            try (Secret looksRight = secret(sample.getValue()); Secret wrongPaste = secret("not a key at all")) {
                assertThat(provider.looksValid(looksRight)).as("%s accepts its own format", provider.id()).isTrue();
                assertThat(provider.looksValid(wrongPaste)).as("%s warns about a wrong paste", provider.id()).isFalse();
            }
        }
        try (Secret anything = secret("anything at all")) {
            assertThat(Providers.byId("custom").looksValid(anything)).isTrue();
        }
    }

    @Test
    void checkingASecretLeavesItIntact() throws VaultException {
        String value = "sk-" + "g".repeat(30);
        try (Secret secret = secret(value); Secret same = secret(value)) {
            assertThat(Providers.byId("openai").looksValid(secret)).isTrue();
            assertThat(secret.sameValueAs(same)).as("the secret still holds its value").isTrue();
        }
    }

    @Test
    void aNewKeyIsServedAsItsProvidersDefaultsUnlessNamesAreGiven() throws VaultException {
        Provider aws = Providers.byId("aws");
        assertThat(aws.newKeyMetadata(null, null).build())
                .extracting(m -> m.provider(), m -> m.env(), m -> m.property())
                .containsExactly("aws", "AWS_SECRET_ACCESS_KEY", "aws.secretAccessKey");
        assertThat(aws.newKeyMetadata("MY_AWS", "my.aws").build())
                .extracting(m -> m.env(), m -> m.property())
                .containsExactly("MY_AWS", "my.aws");
        assertThat(Providers.byId("custom").newKeyMetadata(null, null).build())
                .extracting(m -> m.env(), m -> m.property())
                .containsExactly(null, null);
    }

    @Test
    void anExplicitVariableBringsItsOwnPropertyNotTheDefaultOne() throws VaultException {
        Provider aws = Providers.byId("aws");
        assertThat(aws.newKeyMetadata("AWS_ACCESS_KEY_ID", null).build())
                .extracting(m -> m.env(), m -> m.property())
                .containsExactly("AWS_ACCESS_KEY_ID", "aws.accessKeyId");
        assertThat(aws.newKeyMetadata("AWS_SECRET_ACCESS_KEY", null).build())
                .extracting(m -> m.env(), m -> m.property())
                .containsExactly("AWS_SECRET_ACCESS_KEY", "aws.secretAccessKey");
        assertThat(aws.newKeyMetadata("MY_AWS_SECRET", null).build())
                .extracting(m -> m.env(), m -> m.property())
                .containsExactly("MY_AWS_SECRET", null);
        assertThat(aws.newKeyMetadata("AWS_ACCESS_KEY_ID", "my.id").build().property()).isEqualTo("my.id");
        assertThat(Providers.byId("google").newKeyMetadata("GEMINI_API_KEY", null).build().property()).isNull();
    }

    @Test
    void theFormatCheckIsForTheProvidersKeyNotForItsSettingsStoredAsKeys() throws VaultException {
        Provider aws = Providers.byId("aws");
        assertThat(aws.formatAppliesTo(null)).isTrue();
        assertThat(aws.formatAppliesTo("AWS_SECRET_ACCESS_KEY")).isTrue();
        assertThat(aws.formatAppliesTo("MY_AWS_SECRET")).isTrue();
        assertThat(aws.formatAppliesTo("AWS_ACCESS_KEY_ID")).isFalse();
        assertThat(Providers.byId("openai").formatAppliesTo("OPENAI_ORG_ID")).isFalse();
    }

    @Test
    void onlyAwsHasASecondHalfAndItChecksItsOwnFormat() throws VaultException {
        CredentialHalf half = Providers.byId("aws").companion();
        assertThat(half.env()).isEqualTo("AWS_ACCESS_KEY_ID");
        assertThat(Providers.byId("aws").propertyFor(half.env())).isEqualTo("aws.accessKeyId");
        try (Secret id = secret("AKIAIOSFODNN7EXAMPLE"); Secret swapped = secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")) {
            assertThat(half.looksValid(id)).isTrue();
            assertThat(half.looksValid(swapped)).isFalse();
            assertThat(Providers.byId("aws").looksValid(swapped)).isTrue();
        }
        assertThat(Providers.all()).filteredOn(p -> p.companion() != null).extracting(Provider::id).containsExactly("aws");
    }

    private static Secret secret(String value) throws VaultException {
        return Secret.ofUtf8(value.getBytes(StandardCharsets.UTF_8));
    }
}
