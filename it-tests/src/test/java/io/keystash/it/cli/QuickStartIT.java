package io.keystash.it.cli;

import io.keystash.it.support.Artifacts;
import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

import static io.keystash.it.support.Hashes.sha256Hex;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quick start Keystash's users already know, typed verbatim into a real shell with
 * {@code keystash} on PATH and a fresh KEYSTASH_HOME (no vault, no init): the first store creates
 * the vault, the profile gets a description, {@code add-key} binds the vault's only openai key
 * under the name the guide uses, and {@code eval $(… --export)} leaves OPENAI_API_KEY set in that
 * shell. The shell reports the variable's SHA-256, never its value.
 */
class QuickStartIT {
    private static final String QUICK_START = """
            export API_KEY_MASTER="your-secure-master-key"
            keystash store mykey --service openai
            keystash profile create production --description "Production keys"
            keystash profile add-key production openai_key --provider openai
            eval $(keystash profile load production --export)
            """;

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sh", "bash"})
    void theQuickStartRunsVerbatimAndLeavesTheKeyInTheShell(String shell) throws Exception {
        Path shellPath = Path.of("/bin", shell);
        Assumptions.assumeTrue(Files.isExecutable(shellPath), shell + " not installed");
        KeystashCli cli = new KeystashCli(folder);
        cli.env("PATH", Artifacts.cliDir() + ":" + cli.environment().get("PATH"));
        String value = "sk-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(20));

        // The value is standard input of the whole script: the first command that reads it is `store`.
        String script = QUICK_START + "printf 'OPENAI_API_KEY sha256 '; printf %s \"$OPENAI_API_KEY\" | sha256sum\n";
        Result run = cli.shell(shellPath.toString(), script, value.getBytes(StandardCharsets.UTF_8));

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out().strip()).as("what the shell's OPENAI_API_KEY hashes to")
                .isEqualTo("OPENAI_API_KEY sha256 " + sha256Hex(value) + "  -");
        assertThat(run.err()).contains("Created vault " + cli.vaultFile() + " (unlock with: passphrase from API_KEY_MASTER).")
                .contains("Stored 'mykey' (version 1).")
                .contains("Created profile 'production'.")
                .contains("No key named 'openai_key'; bound 'mykey', the vault's only openai key.")
                .contains("Profile 'production' now serves 'mykey' as OPENAI_API_KEY.");
        assertThat(run.err().contains(value)).as("the key's value on stderr").isFalse();
        assertThat(run.err().contains("your-secure-master-key")).as("the passphrase on stderr").isFalse();

        cli.env("API_KEY_MASTER", "your-secure-master-key");
        assertThat(cli.run("profile", "list").out()).contains("production  mykey  Production keys");
    }
}
