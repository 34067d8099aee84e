package io.keystash.agent;

import io.keystash.vault.Secret;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.profile.ResolvedProfile;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.Passphrase;
import io.keystash.vault.unlock.PassphrasePrompt;
import io.keystash.vault.unlock.UnlockRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackgroundProfileLoadTest {
    private static final String VALUE = "background-test-value-0123456789";

    @TempDir
    Path folder;
    private VaultPaths paths;
    private Path keyFile;

    @BeforeEach
    void vaultWithOneBoundKey() throws VaultException {
        paths = VaultPaths.of(folder.resolve("vault"));
        keyFile = folder.resolve("app.key");
        try (KeyFileKey key = KeyFileKey.generate()) {
            key.writeNew(keyFile);
            VaultStore store = VaultStore.at(paths);
            store.create(key, null);
            store.update(key, vault -> {
                vault.createProfile("app");
                vault.storeKey("service-token", KeyMetadata.builder().provider("custom").build(),
                        Secret.ofUtf8(VALUE.getBytes(StandardCharsets.UTF_8)), "test");
                vault.bind("app", new Binding("service-token", "SERVICE_TOKEN", null));
                return null;
            });
        }
    }

    @Test
    void joinReturnsTheProfileLoadedOnTheOtherThread() throws VaultException {
        BackgroundProfileLoad load = BackgroundProfileLoad.start(paths, new UnlockRequest(keyFile, null, Map.of()), "app", null);
        ResolvedProfile profile = load.join();
        assertThat(profile.environment()).containsOnlyKeys("SERVICE_TOKEN");
        // Compared as a boolean, so that a failure never prints the value.
        assertThat(VALUE.equals(profile.environment().get("SERVICE_TOKEN"))).as("the served value is the stored one")
                .isTrue();
        assertThat(load.milliseconds()).isPositive();
    }

    @Test
    void aFailureOnTheOtherThreadIsThrownByJoin() throws VaultException {
        Path wrongKey = folder.resolve("other.key");
        try (KeyFileKey other = KeyFileKey.generate()) {
            other.writeNew(wrongKey);
        }
        BackgroundProfileLoad load = BackgroundProfileLoad.start(paths, new UnlockRequest(wrongKey, null, Map.of()), "app", null);
        assertThatThrownBy(load::join).isInstanceOf(VaultException.class).message().doesNotContain(VALUE);
    }

    @Test
    void aMissingProfileIsThrownByJoin() {
        BackgroundProfileLoad load = BackgroundProfileLoad.start(paths, new UnlockRequest(keyFile, null, Map.of()), "absent", null);
        assertThatThrownBy(load::join).isInstanceOf(VaultException.class).hasMessageContaining("absent");
    }

    /** A prompt answering {@code answer}, counting how often it was asked. */
    private static final class ScriptedPrompt implements PassphrasePrompt {
        private final String answer;
        private int asked;

        ScriptedPrompt(String answer) {
            this.answer = answer;
        }

        @Override
        public Passphrase ask(Path vaultFile) throws VaultException {
            asked++;
            return PassphrasePrompt.typed(answer.getBytes(StandardCharsets.UTF_8), "nothing typed");
        }

        @Override
        public String howToBeAsked() {
            return "or be asked";
        }
    }

    @Test
    void whenNothingElseUnlocksThePromptIsAskedOnceAndItsPassphraseOpensTheVault() throws VaultException {
        try (KeyFileKey key = KeyFileKey.read(keyFile); Passphrase passphrase = new Passphrase("typed at the terminal".toCharArray(), "test")) {
            VaultStore.at(paths).update(key, vault -> vault.addMember("passphrase", passphrase));
        }
        ScriptedPrompt prompt = new ScriptedPrompt("typed at the terminal");
        ResolvedProfile profile = BackgroundProfileLoad.start(paths, new UnlockRequest(null, null, Map.of()), "app", prompt, null).join();
        assertThat(profile.environment()).containsOnlyKeys("SERVICE_TOKEN");
        assertThat(prompt.asked).isEqualTo(1);

        ScriptedPrompt notNeeded = new ScriptedPrompt("typed at the terminal");
        BackgroundProfileLoad.start(paths, new UnlockRequest(keyFile, null, Map.of()), "app", notNeeded, null).join();
        assertThat(notNeeded.asked).as("a key file unlocks: nobody is asked").isZero();

        ScriptedPrompt wrong = new ScriptedPrompt("not the passphrase");
        assertThatThrownBy(BackgroundProfileLoad.start(paths, new UnlockRequest(null, null, Map.of()), "app", wrong, null)::join)
                .isInstanceOf(VaultException.class).hasMessageStartingWith("wrong passphrase or key (terminal prompt)");
    }

    @Test
    void noUnlockSourceIsThrownByJoin() {
        BackgroundProfileLoad load = BackgroundProfileLoad.start(paths, new UnlockRequest(null, null, Map.of()), "app", null);
        assertThatThrownBy(load::join).isInstanceOf(VaultException.class).hasMessageContaining("locked");
    }
}
