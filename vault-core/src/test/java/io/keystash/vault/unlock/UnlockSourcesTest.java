package io.keystash.vault.unlock;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The unlock precedence: key file option, KEYSTASH_KEY_FILE, passphrase file option,
 * API_KEY_MASTER_FILE, API_KEY_MASTER.
 */
class UnlockSourcesTest {
    @TempDir
    Path dir;

    private Path keyFile(String name) throws VaultException {
        Path file = dir.resolve(name);
        try (KeyFileKey key = KeyFileKey.generate()) {
            key.writeNew(file);
        }
        return file;
    }

    private Path passphraseFile(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    private Path passphraseFile(String name, String content) throws Exception {
        return passphraseFile(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private static String originOf(Path keyFileOption, Path passphraseFileOption, Map<String, String> env) throws VaultException {
        Optional<Credential> credential = UnlockSources.resolve(new UnlockRequest(keyFileOption, passphraseFileOption, env));
        try (Credential c = credential.orElseThrow()) {
            return c.origin();
        }
    }

    /** Compares a passphrase's characters without ever printing them. */
    private static boolean hasChars(Passphrase passphrase, String expected) {
        return Arrays.equals(passphrase.chars(), expected.toCharArray());
    }

    @Test
    void eachSourceAloneIsUsed() throws Exception {
        Path option = keyFile("option.key");
        Path envKey = keyFile("env.key");
        Path passOption = passphraseFile("option.pass", "p1\n");
        Path passEnv = passphraseFile("env.pass", "p2\n");

        assertThat(originOf(option, null, Map.of())).isEqualTo("key file " + option);
        assertThat(originOf(null, null, Map.of("KEYSTASH_KEY_FILE", envKey.toString()))).isEqualTo("key file " + envKey);
        assertThat(originOf(null, passOption, Map.of())).isEqualTo("passphrase file " + passOption);
        assertThat(originOf(null, null, Map.of("API_KEY_MASTER_FILE", passEnv.toString()))).isEqualTo("passphrase file " + passEnv);
        assertThat(originOf(null, null, Map.of("API_KEY_MASTER", "p3"))).isEqualTo("API_KEY_MASTER");
    }

    @Test
    void precedenceFollowsTheSpecOneStepAtATime() throws Exception {
        Path option = keyFile("option.key");
        Path envKey = keyFile("env.key");
        Path passOption = passphraseFile("option.pass", "p1");
        Path passEnv = passphraseFile("env.pass", "p2");
        Map<String, String> env = new HashMap<>(Map.of(
                "KEYSTASH_KEY_FILE", envKey.toString(),
                "API_KEY_MASTER_FILE", passEnv.toString(),
                "API_KEY_MASTER", "p3"));

        assertThat(originOf(option, passOption, env)).as("key file option first").isEqualTo("key file " + option);
        assertThat(originOf(null, passOption, env)).as("then KEYSTASH_KEY_FILE, even over a passphrase file option")
                .isEqualTo("key file " + envKey);
        env.remove("KEYSTASH_KEY_FILE");
        assertThat(originOf(null, passOption, env)).as("then the passphrase file option").isEqualTo("passphrase file " + passOption);
        assertThat(originOf(null, null, env)).as("then API_KEY_MASTER_FILE").isEqualTo("passphrase file " + passEnv);
        env.remove("API_KEY_MASTER_FILE");
        assertThat(originOf(null, null, env)).as("then API_KEY_MASTER").isEqualTo("API_KEY_MASTER");
        env.remove("API_KEY_MASTER");
        assertThat(UnlockSources.resolve(new UnlockRequest(null, null, env))).isEmpty();
    }

    @Test
    void aPassphraseFileOrCommandComesAfterKeyFilesOptionsFirst() throws Exception {
        Path passOption = passphraseFile("option.pass", "p1");
        Path passEnv = passphraseFile("env.pass", "p2");
        Map<String, String> env = new HashMap<>(Map.of(
                "API_KEY_MASTER_FILE", passEnv.toString(),
                "KEYSTASH_PASSPHRASE_COMMAND", "printf p4",
                "API_KEY_MASTER", "p3"));
        assertThat(origin(new UnlockRequest(null, null, passOption, null, null, env))).isEqualTo("passphrase file " + passOption);
        assertThat(origin(new UnlockRequest(null, null, null, "printf p5", null, env)))
                .as("the command option before API_KEY_MASTER_FILE").isEqualTo("passphrase command 'printf p5'");
        assertThat(origin(new UnlockRequest(null, null, null, null, null, env))).as("then API_KEY_MASTER_FILE")
                .isEqualTo("passphrase file " + passEnv);
        env.remove("API_KEY_MASTER_FILE");
        try (Credential credential = UnlockSources.resolve(new UnlockRequest(null, null, null, null, null, env)).orElseThrow()) {
            assertThat(credential.origin()).as("then KEYSTASH_PASSPHRASE_COMMAND").isEqualTo("passphrase command 'printf p4'");
            assertThat(hasChars((Passphrase) credential, "p4")).isTrue();
        }
        env.put("KEYSTASH_PASSPHRASE_COMMAND", " ");
        assertThat(origin(new UnlockRequest(null, null, null, null, null, env))).as("a blank command is no command")
                .isEqualTo("API_KEY_MASTER");
        assertThatThrownBy(() -> UnlockSources.resolve(new UnlockRequest(null, null, passOption, "printf p5", null, env)))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
                .hasMessageContaining("not both");
        assertThat(UnlockSources.VARIABLES).contains("KEYSTASH_PASSPHRASE_COMMAND");
    }

    private static String origin(UnlockRequest request) throws VaultException {
        try (Credential credential = UnlockSources.resolve(request).orElseThrow()) {
            return credential.origin();
        }
    }

    @Test
    void noSourceIsLockedNamingEveryOption() {
        Map<String, String> blank = Map.of("KEYSTASH_KEY_FILE", " ", "API_KEY_MASTER_FILE", "", "API_KEY_MASTER", "");
        assertThatThrownBy(() -> UnlockSources.require(new UnlockRequest(null, null, blank), UnlockSources.CLI_OPTIONS, null))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.LOCKED))
                .hasMessageContainingAll("--identity", "--key-file", "--passphrase-file", "KEYSTASH_IDENTITY", "KEYSTASH_KEY_FILE",
                        "API_KEY_MASTER_FILE", "API_KEY_MASTER");
        assertThatThrownBy(() -> UnlockSources.require(new UnlockRequest(null, null, blank), UnlockSources.AGENT_OPTIONS, null))
                .hasMessage("vault is locked: give the agent option identity=FILE, keyfile=FILE, passphrase-file=FILE or "
                        + "passphrase-command=CMD, or set KEYSTASH_IDENTITY, KEYSTASH_KEY_FILE, API_KEY_MASTER_FILE, "
                        + "KEYSTASH_PASSPHRASE_COMMAND or API_KEY_MASTER; or unlock it for a while with: keystash unlock");
    }

    /** A prompt that records whether it was asked and answers with {@code answer} (null: nobody to ask). */
    private static final class RecordingPrompt implements PassphrasePrompt {
        private final String answer;
        private int asked;

        RecordingPrompt(String answer) {
            this.answer = answer;
        }

        @Override
        public Passphrase ask(Path vaultFile) throws VaultException {
            asked++;
            return answer == null ? null : PassphrasePrompt.typed(answer.getBytes(StandardCharsets.UTF_8), "nothing typed");
        }

        @Override
        public String howToBeAsked() {
            return "or sit at a terminal";
        }
    }

    @Test
    void thePromptComesLastAndOnlyWhenNothingElseUnlocks() throws Exception {
        Path vault = Files.write(dir.resolve("vault"), new byte[] {1});
        RecordingPrompt prompt = new RecordingPrompt("typed passphrase");
        Map<String, String> env = new HashMap<>(Map.of("API_KEY_MASTER", "from the variable"));
        try (Credential credential = UnlockSources.resolve(new UnlockRequest(null, null, env), vault, prompt).orElseThrow()) {
            assertThat(credential.origin()).isEqualTo("API_KEY_MASTER");
        }
        assertThat(prompt.asked).as("a source present: nobody is asked").isZero();
        env.clear();
        try (Credential credential = UnlockSources.resolve(new UnlockRequest(null, null, env), vault, prompt).orElseThrow()) {
            assertThat(credential.origin()).isEqualTo("terminal prompt");
            assertThat(hasChars((Passphrase) credential, "typed passphrase")).isTrue();
        }
        assertThat(prompt.asked).isEqualTo(1);
        assertThat(UnlockSources.resolve(new UnlockRequest(null, null, env), vault, null)).as("no prompt given").isEmpty();
    }

    @Test
    void nobodyIsAskedForTheKeyOfAVaultThatDoesNotExist() {
        RecordingPrompt prompt = new RecordingPrompt("typed passphrase");
        Path missing = dir.resolve("missing/vault");
        assertThatThrownBy(() -> UnlockSources.resolve(new UnlockRequest(null, null, Map.of()), missing, prompt))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND))
                .hasMessage("no vault at " + missing + "; create one with: keystash init");
        assertThat(prompt.asked).isZero();
    }

    @Test
    void aPromptWithNobodyToAskIsLockedSayingHowToBeAskedAndEnterAloneIsLockedToo() throws Exception {
        Path vault = Files.write(dir.resolve("vault"), new byte[] {1});
        assertThatThrownBy(() -> UnlockSources.require(new UnlockRequest(null, null, Map.of()), vault, new RecordingPrompt(null),
                UnlockSources.AGENT_OPTIONS, null))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.LOCKED))
                .hasMessage("vault is locked: give the agent option identity=FILE, keyfile=FILE, passphrase-file=FILE or "
                        + "passphrase-command=CMD, set KEYSTASH_IDENTITY, KEYSTASH_KEY_FILE, API_KEY_MASTER_FILE, "
                        + "KEYSTASH_PASSPHRASE_COMMAND or API_KEY_MASTER, or sit at a terminal; or unlock it for a while with: "
                        + "keystash unlock");
        assertThatThrownBy(() -> UnlockSources.require(new UnlockRequest(null, null, Map.of()), vault, new RecordingPrompt(""),
                UnlockSources.AGENT_OPTIONS, null))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.LOCKED))
                .hasMessage("nothing typed");
    }

    @Test
    void oneTrailingNewlineIsStrippedFromAPassphraseFile() throws Exception {
        String[][] cases = {
            {"secret", "secret"}, {"secret\n", "secret"}, {"secret\r\n", "secret"},
            {"secret\n\n", "secret\n"}, {"secret\r\n\r\n", "secret\r\n"}, {"secret\r", "secret\r"},
            {" spaced secret \n", " spaced secret "}, {"clé 🔑\n", "clé 🔑"},
        };
        for (int i = 0; i < cases.length; i++) {
            Path file = passphraseFile("case" + i, cases[i][0]);
            try (Passphrase passphrase = UnlockSources.readPassphraseFile(file)) {
                assertThat(hasChars(passphrase, cases[i][1])).as("case %d", i).isTrue();
            }
        }
    }

    @Test
    void emptyOrBinaryPassphraseFilesAreRefused() throws Exception {
        for (String content : new String[] {"", "\n", "\r\n"}) {
            Path file = passphraseFile("empty" + content.length(), content);
            assertThatThrownBy(() -> UnlockSources.readPassphraseFile(file))
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
                    .hasMessageContaining("is empty");
        }
        Path binary = passphraseFile("binary", new byte[] {'a', (byte) 0xFF, '\n'});
        assertThatThrownBy(() -> UnlockSources.readPassphraseFile(binary))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT));
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> UnlockSources.readPassphraseFile(missing))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND));
    }

    @Test
    void aMissingKeyFileIsNotSilentlySkipped() {
        Path missing = dir.resolve("missing.key");
        assertThatThrownBy(() -> UnlockSources.resolve(new UnlockRequest(missing, null, Map.of("API_KEY_MASTER", "p"))))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND));
    }

    @Test
    void requestToStringShowsNoEnvironment() {
        UnlockRequest request = new UnlockRequest(null, null, Map.of("API_KEY_MASTER", "hunter2-do-not-show"));
        assertThat(request.toString()).doesNotContain("hunter2");
    }
}
