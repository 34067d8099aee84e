package io.keystash.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import io.keystash.cli.Version;
import io.keystash.cli.launch.Installation;
import io.keystash.vault.health.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code keystash doctor} in-process: what it finds in a healthy vault, a vault with loose modes,
 * an expired key, a wrong or missing way in, and no vault at all; text and JSON; exit 1 exactly
 * when a finding says FIX; never a value. (The agent jar and JDKs of a real installation are
 * checked by it-tests' DoctorIT, which runs the built launcher.)
 */
class DoctorCommandTest {
    private static final String VALUE = "sk-doctor-canary-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    /** The findings of one area from {@code doctor --json}, as "status text" lines. */
    private static List<String> area(Result result, String area) throws Exception {
        List<String> lines = new ArrayList<>();
        for (JsonNode finding : JSON.readTree(result.out()).get("findings")) {
            if (finding.get("area").asText().equals(area)) {
                lines.add(finding.get("status").asText() + " " + finding.get("text").asText());
            }
        }
        return lines;
    }

    private static void exitMatchesFixes(Result result) throws Exception {
        JsonNode document = JSON.readTree(result.out());
        long fixes = 0;
        for (JsonNode finding : document.get("findings")) {
            fixes += finding.get("status").asText().equals("fix") ? 1 : 0;
        }
        assertThat(document.get("toDo").asLong()).isEqualTo(fixes);
        assertThat(document.get("healthy").asBoolean()).isEqualTo(fixes == 0);
        assertThat(result.status()).as(result.toString()).isEqualTo(fixes == 0 ? 0 : 1);
    }

    private CliHarness healthyVault() {
        CliHarness cli = CliHarness.withVault(folder);
        cli.store("openai", VALUE, "--provider", "openai");
        assertThat(cli.run("profile", "create", "default").status()).isZero();
        assertThat(cli.run("profile", "add-key", "default", "openai").status()).isZero();
        return cli;
    }

    @Test
    void withNoVaultAtAllItSaysHowToMakeOneAndExitsOne() throws Exception {
        CliHarness cli = new CliHarness(folder);
        Result text = cli.run("doctor");
        assertThat(text.status()).isEqualTo(1);
        assertThat(text.out()).contains("  FIX   no vault at " + cli.vaultFile()
                + "; create one and store a first key with: keystash setup PROVIDER");
        assertThat(text.out()).contains("session\n  note  no unlock session runs; to unlock once for a while: keystash unlock");
        assertThat(text.out().strip()).endsWith("doing: see FIX above.");
        assertThat(text.err()).isEmpty();
        Result json = cli.run("doctor", "--json");
        exitMatchesFixes(json);
        assertThat(area(json, "vault")).containsExactly("fix no vault at " + cli.vaultFile()
                + "; create one and store a first key with: keystash setup PROVIDER");
        assertThat(JSON.readTree(json.out()).get("version").asText()).isEqualTo(Version.number());
        assertThat(cli.home()).as("doctor creates nothing").doesNotExist();
    }

    @Test
    void aHealthyVaultHasNothingToFixInItsOwnAreas() throws Exception {
        CliHarness cli = healthyVault();
        Result json = cli.run("doctor", "--json");
        exitMatchesFixes(json);
        assertThat(area(json, "vault")).allMatch(line -> line.startsWith("ok ") || line.startsWith("note "))
                .anyMatch(line -> line.startsWith("ok vault " + cli.vaultFile() + " (rw-------): format 3.0, generation "))
                .anyMatch(line -> line.startsWith("ok Keystash home " + cli.home() + " (rwx------)"));
        assertThat(area(json, "ways in")).contains("note one way in (1 key file): lose it and the keys are lost; "
                        + "add another with: keystash keyfile create FILE",
                "note this shell unlocks with key file " + cli.keyFile() + " (KEYSTASH_KEY_FILE)",
                "ok members: key file 'key-file'; unlocked now by 'key-file'");
        assertThat(area(json, "profiles")).containsExactly("ok profile 'default': openai as OPENAI_API_KEY");
        assertThat(area(json, "keys")).containsExactly("ok 1 key, none expired or due within 7 days");
        Result text = cli.run("doctor");
        assertThat(text.out()).contains("profiles\n  ok    profile 'default': openai as OPENAI_API_KEY\n")
                .doesNotContain(VALUE);
        assertThat(json.out()).doesNotContain(VALUE);
    }

    @Test
    void looseModesAreFixedWithChmodAndTheContentsWaitForThat() throws Exception {
        CliHarness cli = healthyVault();
        Files.setPosixFilePermissions(cli.vaultFile(), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(cli.home(), PosixFilePermissions.fromString("rwxrwxr-x"));
        Result json = cli.run("doctor", "--json");
        exitMatchesFixes(json);
        assertThat(json.status()).isEqualTo(1);
        Path home = cli.home().toRealPath();
        Path vault = cli.vaultFile().toRealPath();
        assertThat(area(json, "vault"))
                .anyMatch(line -> line.startsWith("fix Keystash home " + cli.home() + " is writable by other users")
                        && line.endsWith("run: chmod go-w " + home))
                .anyMatch(line -> line.startsWith("fix vault " + cli.vaultFile() + " is accessible by other users")
                        && line.endsWith("run: chmod 600 " + vault));
        assertThat(area(json, "ways in")).endsWith("note profiles and keys not checked until the vault's files are fixed");
        assertThat(area(json, "profiles")).isEmpty();
    }

    @Test
    void anExpiredKeyAndAKeyDueSoonAreToRotate() throws Exception {
        CliHarness cli = healthyVault();
        cli.store("old", "old-value", "--expires", "2020-01-01");
        cli.store("soon", "soon-value", "--expires-in", "3d");
        cli.store("later", "later-value", "--expires-in", "20d");
        Result json = cli.run("doctor", "--json");
        exitMatchesFixes(json);
        assertThat(area(json, "keys")).contains("fix 1 key expired: old (2020-01-01); rotate it with: keystash rotate old")
                .anyMatch(line -> line.startsWith("fix 1 key due within 7 days: soon (") && line.endsWith("rotate it with: keystash rotate soon"))
                .anyMatch(line -> line.startsWith("note 1 key due within 30 days: later (") && line.endsWith("keystash check-expiry"));
        assertThat(area(json, "profiles")).anyMatch(line -> line.startsWith("note 3 keys in no profile, so served to no program: ")
                && line.endsWith("bind one with: keystash profile add-key default later"));
    }

    @Test
    void anEmptyVaultNeedsAKeyAndAMissingDefaultProfileIsSaid() throws Exception {
        CliHarness cli = CliHarness.withVault(folder);
        assertThat(area(cli.run("doctor", "--json"), "keys")).containsExactly(
                "fix no keys yet; store a first one with: keystash setup PROVIDER");
        cli.store("k", "v");
        assertThat(area(cli.env("KEYSTASH_PROFILE", "prod").run("doctor", "--json"), "profiles")).contains(
                "fix no profile 'prod', the one programs get without profile=; make it with: keystash setup PROVIDER --profile prod");
    }

    @Test
    void aWrongKeyFileIsToFixAndNothingUnlockingIsOnlyANote() throws Exception {
        CliHarness cli = healthyVault();
        Path other = folder.resolve("other.key");
        assertThat(new CliHarness(folder.resolve("other")).run("--key-file", other.toString(), "init").status()).isZero();
        Result wrong = cli.run("--key-file", other.toString(), "doctor", "--json");
        exitMatchesFixes(wrong);
        assertThat(area(wrong, "ways in")).contains("fix key file " + other + " opens none of the vault's ways in (above); "
                + "try another, e.g.: keystash --key-file FILE doctor");

        Result locked = cli.env("KEYSTASH_KEY_FILE", null).env("API_KEY_MASTER", null).run("doctor", "--json");
        exitMatchesFixes(locked);
        assertThat(area(locked, "ways in")).contains("note nothing here unlocks without a person: profiles and keys not "
                + "checked; check them too with e.g.: keystash --key-file FILE doctor");
        assertThat(area(locked, "keys")).isEmpty();
    }

    @Test
    void aPassphraseInTheEnvironmentIsNamedNeverShown() throws Exception {
        CliHarness cli = new CliHarness(folder).env("API_KEY_MASTER", "doctor-passphrase-canary");
        assertThat(cli.run("init", "--kdf", "pbkdf2").status()).isZero();
        Result json = cli.run("doctor", "--json");
        assertThat(area(json, "ways in")).contains("note API_KEY_MASTER holds the passphrase, where every process started "
                + "from here can read it; prefer a key file: keystash keyfile create FILE");
        assertThat(json.out() + json.err()).doesNotContain("doctor-passphrase-canary");
    }

    @Test
    void aDamagedVaultPointsAtTheNewestBackup() throws Exception {
        CliHarness cli = healthyVault();
        assertThat(cli.runWithInput("sk-rotated-0123456789abcdefghij", "rotate", "openai").status()).isZero();
        byte[] bytes = cli.vaultBytes();
        bytes[10] ^= 0x55; // in the header
        Files.write(cli.vaultFile(), bytes);
        Result json = cli.run("doctor", "--json");
        exitMatchesFixes(json);
        assertThat(area(json, "vault")).anyMatch(line -> line.startsWith("fix vault " + cli.vaultFile() + " is damaged (")
                && line.contains("check the newest backup with: keystash --vault " + cli.home().resolve("backups")));
    }

    @Test
    void theAgentJarMustBeThereAndOfTheCliVersion(@TempDir Path install) throws Exception {
        assertThat(AgentJarCheck.check(Installation.at(install))).singleElement().satisfies(finding -> {
            assertThat(finding.status()).isEqualTo(Finding.Status.FIX);
            assertThat(finding.text()).startsWith("keystash-agent.jar not found (looked in " + install);
        });
        writeJar(install.resolve("keystash-agent.jar"), "0.0.1-old");
        assertThat(AgentJarCheck.check(Installation.at(install))).singleElement().satisfies(finding -> {
            assertThat(finding.status()).isEqualTo(Finding.Status.FIX);
            assertThat(finding.text()).isEqualTo("agent jar " + install.resolve("keystash-agent.jar") + " is version 0.0.1-old, "
                    + "this CLI " + Version.number() + "; use the agent of the same build: keystash agent-line");
        });
        Files.delete(install.resolve("keystash-agent.jar"));
        writeJar(install.resolve("keystash-agent.jar"), Version.number());
        assertThat(AgentJarCheck.check(Installation.at(install))).singleElement()
                .satisfies(finding -> assertThat(finding.status()).isEqualTo(Finding.Status.OK));
    }

    @Test
    void javaToolOptionsNamingAMissingAgentStopsEveryJvmAndSaysHowToSetItAgain() {
        Path gone = folder.resolve("gone/keystash-agent.jar");
        List<Finding> findings = LaunchOptionsCheck.check(Map.of("JAVA_TOOL_OPTIONS", "-Xmx1g -javaagent:" + gone + "=profile=dev"));
        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.status()).isEqualTo(Finding.Status.FIX);
            assertThat(finding.text()).isEqualTo("JAVA_TOOL_OPTIONS names " + gone + ", which does not exist: every JVM started "
                    + "here fails; set it again with: export JAVA_TOOL_OPTIONS=\"$(keystash agent-line)\"");
        });
        assertThat(LaunchOptionsCheck.check(Map.of("JAVA_TOOL_OPTIONS", "-Xmx1g"))).singleElement()
                .satisfies(finding -> assertThat(finding.status()).isEqualTo(Finding.Status.OK));
    }

    @Test
    void javaToolOptionsWithoutAKeyFileMeansEveryJvmAsks(@TempDir Path install) throws Exception {
        Path jar = install.resolve("keystash-agent.jar");
        writeJar(jar, Version.number());
        assertThat(LaunchOptionsCheck.check(Map.of("JAVA_TOOL_OPTIONS", "-javaagent:" + jar + "=profile=dev"))).singleElement()
                .satisfies(finding -> assertThat(finding.text()).contains("every JVM started here (build tools too) asks for the passphrase"));
        assertThat(LaunchOptionsCheck.check(Map.of("JAVA_TOOL_OPTIONS", "-javaagent:" + jar + "=profile=dev,keyfile=/k"))).singleElement()
                .satisfies(finding -> assertThat(finding.status()).isEqualTo(Finding.Status.OK));
    }

    @Test
    void javaVersionsAreReadLikeTheJdkWritesThem() {
        assertThat(JdkCheck.featureOf("17.0.12")).isEqualTo(17);
        assertThat(JdkCheck.featureOf("21")).isEqualTo(21);
        assertThat(JdkCheck.featureOf("1.8.0_372")).isEqualTo(8);
        assertThat(JdkCheck.featureOf("25-ea")).isEqualTo(25);
        assertThat(JdkCheck.featureOf("unknown")).isZero();
        List<Finding> found = JdkCheck.check(Map.of("PATH", ""), folder.toString());
        assertThat(found).anyMatch(f -> f.text().startsWith("Java " + System.getProperty("java.version").split("\\+")[0])
                        || f.text().contains("(runs keystash"))
                .anyMatch(f -> f.status() == Finding.Status.FIX && f.text().startsWith("no java on PATH"));
    }

    private static void writeJar(Path jar, String version) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream unused = new JarOutputStream(out, manifest)) {
            // a manifest is all the check reads
        }
    }
}
