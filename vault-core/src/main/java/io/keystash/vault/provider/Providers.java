package io.keystash.vault.provider;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.model.Names;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The catalogue of built-in providers (openai, anthropic, google, aws, azure, huggingface, custom). */
public final class Providers {
    public static final String CUSTOM = "custom";

    private static final Map<String, Provider> BY_ID = new LinkedHashMap<>();

    static {
        add(new Provider("openai", "OpenAI", List.of("OPENAI_API_KEY"), null,
                List.of("OPENAI_BASE_URL", "OPENAI_ORG_ID"), Map.of(),
                "sk-[A-Za-z0-9_-]{20,}", "starts with sk- followed by at least 20 characters"));
        add(new Provider("anthropic", "Anthropic", List.of("ANTHROPIC_API_KEY"), null,
                List.of("ANTHROPIC_BASE_URL"), Map.of(),
                "sk-ant-[A-Za-z0-9_-]{20,}", "starts with sk-ant-"));
        add(new Provider("google", "Google AI (Gemini)", List.of("GOOGLE_API_KEY", "GEMINI_API_KEY"), null,
                List.of(), Map.of(),
                "AIza[0-9A-Za-z_-]{35}", "AIza followed by 35 characters"));
        add(new Provider("aws", "Amazon Web Services", List.of("AWS_SECRET_ACCESS_KEY"), "aws.secretAccessKey",
                List.of("AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN", "AWS_REGION"),
                Map.of("AWS_ACCESS_KEY_ID", "aws.accessKeyId", "AWS_SESSION_TOKEN", "aws.sessionToken",
                        "AWS_REGION", "aws.region"),
                "[A-Za-z0-9/+=]{40}", "a 40-character secret access key"));
        add(new Provider("azure", "Azure OpenAI", List.of("AZURE_OPENAI_API_KEY"), null,
                List.of("AZURE_OPENAI_ENDPOINT"), Map.of(),
                "[A-Za-z0-9]{32,}", "at least 32 letters and digits"));
        add(new Provider("huggingface", "Hugging Face", List.of("HF_TOKEN"), null,
                List.of(), Map.of(),
                "hf_[A-Za-z0-9]{30,}", "starts with hf_"));
        add(new Provider(CUSTOM, "Custom", List.of(), null, List.of(), Map.of(), null, null));
    }

    private Providers() {
    }

    private static void add(Provider provider) {
        BY_ID.put(provider.id(), provider);
    }

    /** Every provider, {@code custom} last. */
    public static List<Provider> all() {
        return List.copyOf(BY_ID.values());
    }

    /** The provider with that id, or an INVALID_INPUT failure listing the known ones. */
    public static Provider byId(String id) throws VaultException {
        Provider provider = id == null ? null : BY_ID.get(id.toLowerCase(java.util.Locale.ROOT));
        if (provider == null) {
            throw new VaultException(Failure.INVALID_INPUT, "unknown provider " + Names.quote(id)
                    + "; known: " + String.join(", ", BY_ID.keySet()));
        }
        return provider;
    }

    /** The provider with that id, or {@code custom} for an id this version does not know. */
    public static Provider byIdOrCustom(String id) {
        Provider provider = id == null ? null : BY_ID.get(id);
        return provider != null ? provider : BY_ID.get(CUSTOM);
    }
}
