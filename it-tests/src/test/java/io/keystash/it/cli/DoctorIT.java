package io.keystash.it.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code keystash doctor} through the real launcher, on a healthy set-up (exit 0, "All is well.")
 * and on broken ones: a vault others may read, an expired key, and an installation without its
 * agent jar (a copy of the launcher and CLI jar alone). Text and {@code --json} agree; no value
 * and no passphrase is ever printed.
 */
class DoctorIT {
    private static final String VALUE = "sk-doctorit0123456789abcdefghijklmnop";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;
    KeystashCli cli;

    @BeforeEach
    void healthySetUp() {
        cli = KeystashCli.withVault(folder.resolve("user"));
        // The JDK running the tests first on PATH: the one a person's `java` would be.
        cli.env("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + cli.environment().get("PATH"));
        assertThat(cli.runWithInput(VALUE, "setup", "openai").status()).isZero();
    }

    private static List<String> fixes(Result json) throws Exception {
        List<String> fixes = new ArrayList<>();
        for (JsonNode finding : JSON.readTree(json.out()).get("findings")) {
            if (finding.get("status").asText().equals("fix")) {
                fixes.add(finding.get("text").asText());
            }
        }
        return fixes;
    }

    private void assertNoSecret(Result... results) {
        for (Result result : results) {
            assertThat((result.out() + result.err()).contains(VALUE)).as("the key's value printed").isFalse();
        }
    }

    @Test
    void aHealthySetUpIsAllWell() throws Exception {
        Result text = cli.run("doctor");
        assertThat(text.status()).as(text + "\n" + text.out()).isZero();
        assertThat(text.out()).contains("\nagent\n  ok    agent jar " + Artifacts.agentJar() + ", version ")
                .contains("\nprofiles\n  ok    profile 'default': openai as OPENAI_API_KEY\n")
                .contains("(runs keystash")
                .contains("\nsession\n  note  no unlock session runs; to unlock once for a while: keystash unlock\n")
                .contains("\nremote\n  note  no shared store: the vault lives on this machine only")
                .doesNotContain("  FIX   ");
        assertThat(text.out().strip()).endsWith("All is well.");
        Result json = cli.run("doctor", "--json");
        assertThat(json.status()).isZero();
        assertThat(JSON.readTree(json.out()).get("healthy").asBoolean()).isTrue();
        assertThat(fixes(json)).isEmpty();
        assertNoSecret(text, json);
    }

    @Test
    void anExpiredKeyAndAMissingAgentJarAreToFixWithTheCommandsThatFixThem() throws Exception {
        assertThat(cli.runWithInput("sk-old0123456789abcdefghijklmnopq", "store", "old", "--expires", "2020-01-01").status()).isZero();
        Path copy = Files.createDirectories(folder.resolve("copy/cli"));
        Files.copy(KeystashCli.script(), copy.resolve("keystash"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(Artifacts.cliDir().resolve("keystash.jar"), copy.resolve("keystash.jar"));
        String launcher = "'" + copy.resolve("keystash") + "' ";

        Result text = cli.shell(launcher + "doctor");
        assertThat(text.status()).as(text + "\n" + text.out()).isEqualTo(1);
        assertThat(text.out()).contains("  FIX   1 key expired: old (2020-01-01); rotate it with: keystash rotate old\n")
                .contains("  FIX   keystash-agent.jar not found (looked in " + copy)
                .contains("; build it with: ./mvnw -q -DskipTests package\n");
        assertThat(text.out().strip()).endsWith("2 things need doing: see FIX above.");
        Result json = cli.shell(launcher + "doctor --json");
        assertThat(json.status()).isEqualTo(1);
        assertThat(JSON.readTree(json.out()).get("toDo").asInt()).isEqualTo(2);
        assertThat(fixes(json)).hasSize(2).anyMatch(fix -> fix.startsWith("1 key expired: old"))
                .anyMatch(fix -> fix.startsWith("keystash-agent.jar not found"));
        assertNoSecret(text, json);
    }

    @Test
    void looseModesAreToFixWithChmod() throws Exception {
        Files.setPosixFilePermissions(cli.vaultFile(), PosixFilePermissions.fromString("rw-r--r--"));
        Result text = cli.run("doctor");
        assertThat(text.status()).isEqualTo(1);
        String chmod = "; run: chmod 600 " + cli.vaultFile().toRealPath();
        assertThat(text.out()).contains("  FIX   vault " + cli.vaultFile() + " is accessible by other users (mode rw-r--r--)" + chmod)
                .contains("  note  profiles and keys not checked until the vault's files are fixed");
        Result json = cli.run("doctor", "--json");
        assertThat(json.status()).isEqualTo(1);
        assertThat(fixes(json)).containsExactly("vault " + cli.vaultFile() + " is accessible by other users (mode rw-r--r--)" + chmod);
        assertThat(cli.run("list").status()).as("the same rule refuses every command").isEqualTo(6);

        Files.setPosixFilePermissions(cli.vaultFile(), PosixFilePermissions.fromString("rw-------"));
        assertThat(cli.run("doctor").status()).as("fixed as it said").isZero();
    }

    @Test
    void withNoVaultAtAllItSaysWhatIsMissing(@TempDir Path elsewhere) throws Exception {
        KeystashCli fresh = new KeystashCli(elsewhere);
        Result text = fresh.run("doctor");
        assertThat(text.status()).isEqualTo(1);
        assertThat(text.out()).contains("  FIX   no vault at " + fresh.vaultFile() + "; create one and store a first key with: "
                + "keystash setup PROVIDER");
        assertThat(text.err()).isEmpty();
        assertThat(fixes(fresh.run("doctor", "--json"))).contains("no vault at " + fresh.vaultFile()
                + "; create one and store a first key with: keystash setup PROVIDER");
        assertThat(fresh.home()).as("doctor creates nothing").doesNotExist();
    }
}
