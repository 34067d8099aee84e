package io.keystash.it.agent;

import io.keystash.it.agent.programs.LiveProbe;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.Hashes;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.ProcessResult;
import io.keystash.vault.Secret;
import io.keystash.vault.VaultStore;
import io.keystash.vault.access.NameReads;
import io.keystash.vault.access.ProgramReads;
import io.keystash.vault.access.ReadLog;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reloads in real JVMs with the built agent and the real CLI, on every JDK found: a rotation
 * reaches a program polling {@code getenv} and the children it starts afterwards; readers never
 * see a missing or mixed version while versions change under them; a damaged or older file keeps
 * the values served with one line; {@code reload=off} changes nothing; the read map is written at
 * the reload and at exit, without a value.
 */
class LiveKeysIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path folder;

    static List<Jdk> jdks() {
        return Jdks.matrix();
    }

    private static String random() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A CLI with a vault whose profile prod binds openai (variable and property) and aws-id. */
    private KeystashCli vault(Jdk jdk, String openai) {
        KeystashCli cli = KeystashCli.withVault(folder.resolve("jdk-" + jdk.major()));
        assertThat(cli.runWithInput(openai, "store", "openai", "--env", "OPENAI_API_KEY", "--property", "openai.api.key")
                .status()).isZero();
        assertThat(cli.runWithInput("AKIA" + random().substring(0, 16), "store", "aws-id", "--env", "AWS_ACCESS_KEY_ID")
                .status()).isZero();
        assertThat(cli.run("profile", "create", "prod").status()).isZero();
        assertThat(cli.run("profile", "add-key", "prod", "openai").status()).isZero();
        assertThat(cli.run("profile", "add-key", "prod", "aws-id").status()).isZero();
        return cli;
    }

    /** The probe under the agent, with the CLI's home (so both keep one record of generations seen). */
    private static JavaLaunch.RunningProgram probe(Jdk jdk, KeystashCli cli, String extra) {
        return JavaLaunch.on(jdk).agent(Artifacts.agentJar(), "profile=prod,vault=" + cli.vaultFile() + ",keyfile="
                        + cli.keyFile() + (extra.isEmpty() ? "" : "," + extra))
                .env("KEYSTASH_HOME", cli.home().toString())
                .classPath(Artifacts.testClasses()).main(LiveProbe.class, "OPENAI_API_KEY", "AWS_ACCESS_KEY_ID")
                .startAndAwait("ready");
    }

    private static void assertNoValueIn(ProcessResult result, String... values) {
        boolean leaked = false;
        for (String value : values) {
            leaked |= result.stdout().contains(value) || result.stderr().contains(value);
        }
        assertThat(leaked).as("a value appears in the program's output").isFalse();
    }

    private static List<String> agentLines(String stderr) {
        return stderr.lines().filter(line -> line.startsWith("keystash-agent:")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aRotationReachesTheRunningProgramAndTheChildrenItStartsAfter(Jdk jdk) throws Exception {
        String first = "sk-first-" + random();
        String second = "sk-second-" + random();
        KeystashCli cli = vault(jdk, first);
        JavaLaunch.RunningProgram program = probe(jdk, cli, "");
        program.awaitLine("seen OPENAI_API_KEY=" + Hashes.of(first), WAIT);
        program.send("child OPENAI_API_KEY");
        assertThat(program.awaitLine("child OPENAI_API_KEY=", WAIT)).isEqualTo("child OPENAI_API_KEY=" + Hashes.of(first));

        assertThat(cli.runWithInput(second, "rotate", "openai").status()).isZero();
        program.awaitLine("seen OPENAI_API_KEY=" + Hashes.of(second), WAIT);
        program.send("child OPENAI_API_KEY");
        assertThat(program.awaitLine("child OPENAI_API_KEY=", WAIT)).isEqualTo("child OPENAI_API_KEY=" + Hashes.of(second));
        program.send("prop openai.api.key");
        assertThat(program.awaitLine("prop openai.api.key=", WAIT)).isEqualTo("prop openai.api.key=" + Hashes.of(second));
        program.send("threads");
        assertThat(program.awaitLine("threads=", WAIT)).contains("keystash-agent-reload");

        // A binding dropped from the profile disappears at the next reload.
        assertThat(cli.run("profile", "remove-key", "prod", "aws-id").status()).isZero();
        program.awaitLine("seen AWS_ACCESS_KEY_ID=" + Hashes.NULL, WAIT);
        program.send("child AWS_ACCESS_KEY_ID");
        assertThat(program.awaitLine("child AWS_ACCESS_KEY_ID=", WAIT)).isEqualTo("child AWS_ACCESS_KEY_ID=" + Hashes.NULL);

        ProcessResult result = program.finish();
        assertThat(result.exitCode()).isZero();
        assertThat(agentLines(result.stderr())).as("the agent is silent").isEmpty();
        assertNoValueIn(result, first, second);

        // The read map: one record per reload and one at exit; names, counts and class names, no value.
        String log = Files.readString(ReadLog.file(cli.home()), StandardCharsets.UTF_8);
        assertThat(log).contains("reason=reload").contains("reason=exit").doesNotContain(first).doesNotContain(second);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ReadLog.file(cli.home())))).isEqualTo("rw-------");
        ProgramReads run = ReadLog.read(cli.home()).get(0);
        assertThat(run.program()).isEqualTo(LiveProbe.class.getName());
        assertThat(run.reloads()).as("reloads recorded in %s", log).isEqualTo(2);
        assertThat(run.pastStart()).isTrue();
        NameReads openai = run.names().stream().filter(n -> n.name().equals("OPENAI_API_KEY")).findFirst().orElseThrow();
        assertThat(openai.count()).isGreaterThan(2);
        assertThat(openai.caller()).isEqualTo(LiveProbe.class.getName());
        assertThat(openai.last()).isGreaterThanOrEqualTo(openai.first()).isGreaterThan(run.startEnded());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void withReloadOffNothingChangesAndNothingWatches(Jdk jdk) throws Exception {
        String first = "sk-first-" + random();
        String second = "sk-second-" + random();
        KeystashCli cli = vault(jdk, first);
        JavaLaunch.RunningProgram program = probe(jdk, cli, "reload=off");
        program.awaitLine("seen OPENAI_API_KEY=" + Hashes.of(first), WAIT);
        assertThat(cli.runWithInput(second, "rotate", "openai").status()).isZero();
        Thread.sleep(3_000); // a reload takes well under a second here
        program.send("now OPENAI_API_KEY");
        assertThat(program.awaitLine("now OPENAI_API_KEY=", WAIT)).isEqualTo("now OPENAI_API_KEY=" + Hashes.of(first));
        program.send("child OPENAI_API_KEY");
        assertThat(program.awaitLine("child OPENAI_API_KEY=", WAIT)).isEqualTo("child OPENAI_API_KEY=" + Hashes.of(first));
        program.send("threads");
        // The read map's clock may tick (the probe reads in a loop); nothing watches the vault.
        assertThat(program.awaitLine("threads=", WAIT)).startsWith("threads=").doesNotContain("keystash-agent-reload");
        ProcessResult result = program.finish();
        assertThat(result.exitCode()).isZero();
        assertThat(agentLines(result.stderr())).isEmpty();
        assertThat(result.stdout()).doesNotContain("seen OPENAI_API_KEY=" + Hashes.of(second));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aDamagedFileOrAnOlderCopyKeepsTheValuesWithOneLineEach(Jdk jdk) throws Exception {
        String first = "sk-first-" + random();
        String second = "sk-second-" + random();
        String third = "sk-third-" + random();
        KeystashCli cli = vault(jdk, first);
        JavaLaunch.RunningProgram program = probe(jdk, cli, "");
        program.awaitLine("seen OPENAI_API_KEY=" + Hashes.of(first), WAIT);
        Thread.sleep(1_000); // the watcher is in place
        byte[] intact = Files.readAllBytes(cli.vaultFile());

        // Written in place, twice, as a careless copy would: damaged both times, one line.
        byte[] garbage = new byte[intact.length];
        new SecureRandom().nextBytes(garbage);
        Files.write(cli.vaultFile(), garbage);
        Thread.sleep(1_000);
        Files.write(cli.vaultFile(), new byte[] {'k', 's'});
        Thread.sleep(1_000);
        program.send("now OPENAI_API_KEY");
        assertThat(program.awaitLine("now OPENAI_API_KEY=", WAIT)).isEqualTo("now OPENAI_API_KEY=" + Hashes.of(first));
        List<String> lines = agentLines(program.stderrSoFar());
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("keystash-agent: reload of profile prod failed, still serving generation ")
                .contains("damaged");

        // Put back whole (the same generation: nothing to serve), then a rotation is served again.
        replace(cli.vaultFile(), intact);
        assertThat(cli.runWithInput(second, "rotate", "openai").status()).isZero();
        program.awaitLine("seen OPENAI_API_KEY=" + Hashes.of(second), WAIT);

        // An older copy (the file before that rotation) is refused: the newer values stay, one line.
        byte[] newer = Files.readAllBytes(cli.vaultFile());
        replace(cli.vaultFile(), intact);
        Thread.sleep(1_500);
        replace(cli.vaultFile(), intact);
        Thread.sleep(1_000);
        program.send("now OPENAI_API_KEY");
        assertThat(program.awaitLine("now OPENAI_API_KEY=", WAIT)).isEqualTo("now OPENAI_API_KEY=" + Hashes.of(second));
        lines = agentLines(program.stderrSoFar());
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("failed, still serving generation").contains("older");

        replace(cli.vaultFile(), newer);
        assertThat(cli.runWithInput(third, "rotate", "openai").status()).isZero();
        program.awaitLine("seen OPENAI_API_KEY=" + Hashes.of(third), WAIT);
        ProcessResult result = program.finish();
        assertThat(result.exitCode()).isZero();
        assertThat(agentLines(result.stderr())).hasSize(2);
        assertNoValueIn(result, first, second, third);
    }

    /** Replaces {@code file} whole, as a writer does: a 0600 temp file renamed over it. */
    private static void replace(Path file, byte[] content) throws Exception {
        Path temp = file.resolveSibling(".replace-" + random());
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(temp, content);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void readersNeverSeeAMissingOrMixedVersionWhileVersionsChange(Jdk jdk) throws Exception {
        Path dir = Files.createDirectories(folder.resolve("hammer-" + jdk.major()));
        Path home = Files.createDirectory(dir.resolve("home"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path keyFile = dir.resolve("app.key");
        VaultStore store = VaultStore.at(VaultPaths.of(dir.resolve("vault")));
        try (KeyFileKey key = KeyFileKey.generate()) {
            key.writeNew(keyFile);
            store.create(key, null);
            store.update(key, v -> {
                v.storeKey("a", KeyMetadata.builder().build(), value("A", 0), "it");
                v.storeKey("b", KeyMetadata.builder().build(), value("B", 0), "it");
                v.createProfile("prod");
                v.bind("prod", new Binding("a", "A_KEY", "a.key"));
                v.bind("prod", new Binding("b", "B_KEY", "b.key"));
                return null;
            });
        }
        JavaLaunch.RunningProgram program = JavaLaunch.on(jdk)
                .agent(Artifacts.agentJar(), "profile=prod,vault=" + dir.resolve("vault") + ",keyfile=" + keyFile)
                .env("KEYSTASH_HOME", home.toString())
                .classPath(Artifacts.testClasses()).main(LiveProbe.class, "--hammer", "A_KEY", "B_KEY", "a.key", "b.key")
                .startAndAwait("ready");
        for (int version = 1; version <= 20; version++) {
            int v = version;
            try (KeyFileKey key = KeyFileKey.read(keyFile)) {
                store.update(key, vault -> {
                    vault.addVersion("a", value("A", v), "it", "test");
                    vault.addVersion("b", value("B", v), "it", "test");
                    return null;
                });
            }
            Thread.sleep(250);
        }
        ProcessResult result = program.finish();
        assertThat(result.exitCode()).isZero();
        String summary = result.stdoutLines().stream().filter(l -> l.startsWith("hammer ")).findFirst().orElseThrow();
        Map<String, String> counts = new java.util.HashMap<>();
        for (String pair : summary.substring("hammer ".length()).split(" ")) {
            counts.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        assertThat(result.stdoutLines()).filteredOn(l -> l.startsWith("problem=")).isEmpty();
        assertThat(Integer.parseInt(counts.get("problems"))).isZero();
        assertThat(Long.parseLong(counts.get("reads"))).isGreaterThanOrEqualTo(10_000);
        assertThat(Integer.parseInt(counts.get("versions"))).as("versions one reader saw").isGreaterThanOrEqualTo(10);
        assertThat(agentLines(result.stderr())).isEmpty();
        ProgramReads run = ReadLog.read(home).get(0);
        assertThat(run.reloads()).as("reloads served").isGreaterThanOrEqualTo(15);
    }

    /** {@code TAG-N-HEX32-N}: a version a reader can check is complete. */
    private static Secret value(String tag, int version) throws io.keystash.vault.VaultException {
        return Secret.ofUtf8((tag + "-" + version + "-" + random() + "-" + version).getBytes(StandardCharsets.UTF_8));
    }
}
