package io.keystash.it.cli;

import io.keystash.it.support.KeystashCli;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystash.it.support.KeystashCli.Result;
import io.keystash.it.cli.providers.TagRotationProvider;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static io.keystash.it.support.Hashes.sha256Hex;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotation through the real launcher as a process: manual rotation and rollback, pruning,
 * {@code rotate --due} with real shell scripts, dry runs, backups, check-expiry, history and
 * report JSON, and a rotation provider of our own loaded from a jar through KEYSTASH_CLASSPATH.
 */
class RotationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @TempDir
    Path folder;

    private static String hashOf(String value) {
        return sha256Hex(value + "\n");
    }

    private static String get(KeystashCli cli, String... args) {
        List<String> all = new ArrayList<>(List.of("get"));
        all.addAll(List.of(args));
        Result get = cli.run(all.toArray(String[]::new));
        assertThat(get.status()).as(get.toString()).isZero();
        return sha256Hex(get.out());
    }

    private static void ok(Result result) {
        assertThat(result.status()).as(result.toString()).isZero();
    }

    private static JsonNode json(Result result) throws IOException {
        return JSON.readTree(result.out());
    }

    /** An executable {@code sh} script in the test's folder; returns the command that runs it. */
    private String script(String name, String body) throws IOException {
        Path file = folder.resolve("scripts").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return "sh " + file;
    }

    private static List<Path> backups(KeystashCli cli) throws IOException {
        Path dir = cli.home().resolve("backups");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".bak")).sorted().toList();
        }
    }

    @Test
    void rotationKeepsHistoryAndRollbackReachesEachVersion() throws Exception {
        KeystashCli cli = KeystashCli.withVault(folder);
        ok(cli.runWithInput("value-1\n", "store", "api", "--rotate-every", "30d"));
        for (int i = 2; i <= 4; i++) {
            Result rotate = cli.runWithInput("value-" + i + "\n", "rotate", "api");
            ok(rotate);
            assertThat(rotate.err()).contains("rotated from version " + (i - 1) + " to " + i).doesNotContain("value-");
        }
        for (int i = 1; i <= 4; i++) {
            assertThat(get(cli, "api", "--version", String.valueOf(i))).isEqualTo(hashOf("value-" + i));
        }
        int expectedVersion = 4;
        for (int target : new int[] {1, 2, 3, 5}) {
            ok(cli.run("rollback", "api", "--to-version", String.valueOf(target)));
            expectedVersion++;
            int valueNumber = target <= 4 ? target : 1; // version 5 holds value-1 again
            assertThat(get(cli, "api")).as("after rollback to " + target).isEqualTo(hashOf("value-" + valueNumber));
        }
        JsonNode listed = json(cli.run("list", "--json")).get(0);
        assertThat(listed.get("currentVersion").asInt()).isEqualTo(expectedVersion);
        assertThat(listed.get("expires").asText()).isEqualTo(TODAY.plusDays(30).toString());

        JsonNode history = json(cli.run("history", "api", "--json"));
        assertThat(history).extracting(e -> e.get("action").asText() + ":" + e.get("fromVersion").asText() + "->"
                + e.get("toVersion").asText()).containsExactly("store:null->1", "rotate:1->2", "rotate:2->3", "rotate:3->4",
                "rollback from 1:4->5", "rollback from 2:5->6", "rollback from 3:6->7", "rollback from 5:7->8");
        assertThat(history).allMatch(e -> e.get("outcome").asText().equals("ok") && e.get("actor").asText().contains("@"));
        String audit = Files.readString(cli.home().resolve("audit.log"));
        assertThat(audit).contains("\"op\":\"rollback\"").doesNotContain("value-");
    }

    @Test
    void keepPrunesOldVersionsAndAPrunedVersionIsRefused() throws Exception {
        KeystashCli cli = KeystashCli.withVault(folder);
        ok(cli.runWithInput("value-1", "store", "api", "--keep", "3"));
        for (int i = 2; i <= 5; i++) {
            ok(cli.runWithInput("value-" + i, "rotate", "api"));
        }
        assertThat(json(cli.run("list", "--json")).get(0).get("versions")).extracting(v -> v.get("number").asInt())
                .containsExactly(3, 4, 5);
        Result pruned = cli.run("rollback", "api", "--to-version", "2");
        assertThat(pruned.status()).isEqualTo(4);
        assertThat(pruned.err()).isEqualTo("keystash: key 'api' has no version 2 (it was pruned; only the last 3 are kept); "
                + "kept versions: 3..5\n");
        Result gone = cli.run("get", "api", "--version", "1");
        assertThat(gone.status()).isEqualTo(4);
        ok(cli.runWithInput("value-6", "rotate", "api", "--keep", "2"));
        assertThat(json(cli.run("list", "--json")).get(0).get("versions")).extracting(v -> v.get("number").asInt())
                .containsExactly(5, 6);
        JsonNode history = json(cli.run("history", "api", "--json"));
        assertThat(history).filteredOn(e -> e.get("detail").asText().equals("version pruned"))
                .extracting(e -> e.get("toVersion").asInt()).containsExactly(2, 3, 4);
    }

    @Test
    void dueRotationWithSucceedingFailingEmptyAndRejectedCommands() throws Exception {
        KeystashCli cli = KeystashCli.withVault(folder);
        Path seen = folder.resolve("seen");
        String good = script("good.sh", "{ env; echo; cat /proc/$$/cmdline; echo; cat /proc/$PPID/cmdline; } > '" + seen + "'\n"
                + "printf 'rotated-%s\\n' \"$KEYSTASH_KEY\"");
        String failing = script("fail.sh", "echo 'upstream said no' >&2; exit 4");
        String empty = script("empty.sh", "exit 0");
        String candidate = script("candidate.sh", "echo candidate-value");
        String reject = script("reject.sh", "read value; [ \"$value\" = accepted ]");
        String accept = script("accept.sh", "read value; [ \"$value\" = rotated-validated ]");
        ok(cli.runWithInput("old-good-secret", "store", "good", "--expires-in", "2d", "--rotate-command", good));
        ok(cli.runWithInput("old-fails", "store", "fails", "--expires-in", "2d", "--rotate-command", failing));
        ok(cli.runWithInput("old-empty", "store", "empty", "--expires-in", "2d", "--rotate-command", empty));
        ok(cli.runWithInput("old-rejected", "store", "rejected", "--expires-in", "2d", "--rotate-command", candidate,
                "--validate-command", reject));
        ok(cli.runWithInput("old-validated", "store", "validated", "--expires-in", "2d", "--rotate-every", "90d",
                "--rotate-command", "printf 'rotated-%s' \"$KEYSTASH_KEY\"", "--validate-command", accept));
        ok(cli.runWithInput("old-manual", "store", "manual", "--expires-in", "2d"));
        ok(cli.runWithInput("old-later", "store", "later", "--expires-in", "60d", "--rotate-command", good));

        Result due = cli.run("rotate", "--due");

        assertThat(due.status()).as(due.toString()).isEqualTo(1);
        assertThat(due.out()).contains("'good' rotated from version 1 to 2").contains("'validated' rotated from version 1 to 2; expires "
                + TODAY.plusDays(90)).doesNotContain("fails").doesNotContain("'later'");
        assertThat(due.err()).contains("upstream said no")
                .contains("keystash: rotate command of 'fails' exited with status 4; nothing changed")
                .contains("keystash: rotate command of 'empty' printed nothing; nothing changed")
                .contains("keystash: validate command of 'rejected' rejected the new value (status 1); rotation rolled back, nothing changed")
                .contains("keystash: warning: 'manual' is due")
                .contains("keystash: 3 of 6 due keys could not be rotated")
                .doesNotContain("candidate-value").doesNotContain("old-");
        assertThat(get(cli, "good")).isEqualTo(hashOf("rotated-good"));
        assertThat(get(cli, "validated")).isEqualTo(hashOf("rotated-validated"));
        for (String unchanged : new String[] {"fails", "empty", "rejected", "manual", "later"}) {
            assertThat(get(cli, unchanged)).as(unchanged).isEqualTo(hashOf("old-" + unchanged));
        }
        String env = Files.readString(seen);
        assertThat(env).contains("KEYSTASH_KEY=good").doesNotContain("old-good-secret")
                .doesNotContain("KEYSTASH_KEY_FILE").doesNotContain("API_KEY_MASTER");

        JsonNode history = json(cli.run("history", "--json"));
        assertThat(history).filteredOn(e -> !e.get("outcome").asText().equals("ok"))
                .extracting(e -> e.get("key").asText() + ":" + e.get("outcome").asText())
                .containsExactlyInAnyOrder("fails:failed: provider", "empty:failed: provider", "rejected:failed: validation");
        assertThat(Files.readString(cli.home().resolve("audit.log"))).doesNotContain("old-").doesNotContain("candidate-value")
                .doesNotContain("rotated-");
    }

    @Test
    void dryRunLeavesVaultAuditLogAndBackupsUnchanged() throws Exception {
        KeystashCli cli = KeystashCli.withVault(folder);
        ok(cli.runWithInput("v1", "store", "api", "--expires", "2020-01-01", "--rotate-command", "echo new"));
        ok(cli.runWithInput("v1", "store", "manual", "--expires-in", "1d"));
        ok(cli.runWithInput("v2", "rotate", "manual"));
        byte[] vault = Files.readAllBytes(cli.vaultFile());
        byte[] audit = Files.readAllBytes(cli.home().resolve("audit.log"));
        List<Path> backupsBefore = backups(cli);

        Result due = cli.run("rotate", "--due", "--within", "30d", "--dry-run", "--json");
        ok(due);
        assertThat(json(due)).extracting(r -> r.get("key").asText() + "=" + r.get("outcome").asText())
                .containsExactly("api=would-change");
        Result one = cli.run("rotate", "api", "--dry-run", "--keep", "1", "--rotate-command", "");
        ok(one);
        assertThat(one.err()).contains("Would rotate 'api' to version 2");
        ok(cli.run("rotate", "api", "--dry-run", "--from-provider"));
        ok(cli.run("rollback", "manual", "--dry-run"));

        assertThat(Files.readAllBytes(cli.vaultFile())).as("vault bytes").isEqualTo(vault);
        assertThat(Files.readAllBytes(cli.home().resolve("audit.log"))).as("audit log bytes").isEqualTo(audit);
        assertThat(backups(cli)).isEqualTo(backupsBefore);
    }

    @Test
    void backupsAreWrittenBeforeEachChangeAreOpenableVaultsAndAtMostTwentyAreKept() throws Exception {
        KeystashCli cli = KeystashCli.withVault(folder);
        for (int i = 1; i <= 22; i++) {
            String name = keyNumber(i);
            ok(cli.runWithInput("old-" + name, "store", name, "--expires-in", "1d",
                    "--rotate-command", "printf 'new-%s' \"$KEYSTASH_KEY\""));
        }
        ok(cli.run("rotate", "--due"));

        List<Path> backups = backups(cli);
        assertThat(backups).hasSize(20);
        for (Path backup : backups) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rw-------");
            String raw = new String(Files.readAllBytes(backup), StandardCharsets.ISO_8859_1);
            // Long needles only: CI once found the 3-byte name "k01" by chance in a backup's ciphertext.
            assertThat(raw).as("backup holds no clear value or name").doesNotContain("old-" + KEY_PREFIX)
                    .doesNotContain("new-" + KEY_PREFIX).doesNotContain(keyNumber(1));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backups.get(0).getParent()))).isEqualTo("rwx------");
        // Rotations ran in name order; the newest backup was taken just before the 22nd key's rotation.
        Path newest = backups.get(backups.size() - 1);
        assertThat(get(cli, "--vault", newest.toString(), "--accept-older", keyNumber(22))).isEqualTo(hashOf("old-" + keyNumber(22)));
        assertThat(get(cli, "--vault", newest.toString(), "--accept-older", keyNumber(21))).isEqualTo(hashOf("new-" + keyNumber(21)));
        Path oldest = backups.get(0);
        assertThat(get(cli, "--vault", oldest.toString(), "--accept-older", keyNumber(3))).isEqualTo(hashOf("old-" + keyNumber(3)));
        assertThat(get(cli, "--vault", oldest.toString(), "--accept-older", keyNumber(2))).isEqualTo(hashOf("new-" + keyNumber(2)));
        assertThat(get(cli, keyNumber(22))).isEqualTo(hashOf("new-" + keyNumber(22)));
    }

    private static final String KEY_PREFIX = "rotated-key-";

    private static String keyNumber(int i) {
        return String.format("%s%02d", KEY_PREFIX, i);
    }

    @Test
    void checkExpiryExitsOneWhenSomethingExpiresAndZeroOtherwise() throws Exception {
        KeystashCli cli = KeystashCli.withVault(folder);
        ok(cli.run("check-expiry"));
        ok(cli.runWithInput("v", "store", "soon", "--expires-in", "10d"));
        ok(cli.runWithInput("v", "store", "expired", "--expires", "2021-06-01"));
        ok(cli.runWithInput("v", "store", "far", "--expires-in", "200d"));
        Result found = cli.run("check-expiry", "--json");
        assertThat(found.status()).as(found.toString()).isEqualTo(1);
        assertThat(json(found)).extracting(f -> f.get("key").asText() + ":" + f.get("expires").asText() + ":"
                + f.get("expired").asBoolean()).containsExactly("expired:2021-06-01:true", "soon:" + TODAY.plusDays(10) + ":false");
        ok(cli.run("delete", "expired", "--yes"));
        assertThat(cli.run("check-expiry", "--within", "9d").status()).isZero();
        assertThat(cli.run("check-expiry", "--within", "10d").status()).isEqualTo(1);
    }

    @Test
    void reportJsonMatchesWhatWasDone() throws Exception {
        KeystashCli cli = KeystashCli.withVault(folder);
        ok(cli.runWithInput("sk-report0123456789abcdefghij", "store", "openai", "--provider", "openai", "--rotate-every", "30d",
                "--rotate-command", "echo sk-rotated0123456789abcdefghij"));
        ok(cli.runWithInput("hf_report", "store", "hf", "--provider", "huggingface", "--expires", "2022-02-02"));
        ok(cli.run("rotate", "openai", "--from-provider"));
        ok(cli.runWithInput("sk-again0123456789abcdefghijk", "rotate", "openai"));
        ok(cli.run("profile", "create", "prod"));
        ok(cli.run("profile", "add-key", "prod", "openai"));
        ok(cli.run("profile", "add-key", "prod", "hf"));

        JsonNode report = json(cli.run("report", "--json"));

        JsonNode hf = report.get("keys").get(0);
        JsonNode openai = report.get("keys").get(1);
        assertThat(openai.get("key").asText()).isEqualTo("openai");
        assertThat(openai.get("rotations").asInt()).isEqualTo(2);
        assertThat(openai.get("lastRotated").asText()).isEqualTo(TODAY.toString());
        assertThat(openai.get("nextDue").asText()).isEqualTo(TODAY.plusDays(30).toString());
        assertThat(openai.get("overdue").asBoolean()).isFalse();
        assertThat(openai.get("meanIntervalDays").asDouble()).isBetween(0.0, 0.01);
        assertThat(openai.get("rotationProvider").asText()).isEqualTo("command");
        assertThat(hf.get("key").asText()).isEqualTo("hf");
        assertThat(hf.get("overdue").asBoolean()).isTrue();
        assertThat(hf.get("rotations").asInt()).isZero();
        assertThat(hf.get("rotationProvider").isNull()).isTrue();
        assertThat(report.get("byProvider")).extracting(t -> t.get("provider").asText() + ":" + t.get("keys").asInt() + ":"
                + t.get("overdue").asInt() + ":" + t.get("rotations").asInt())
                .containsExactly("huggingface:1:1:0", "openai:1:0:2");
        assertThat(report.get("byProfile")).singleElement().satisfies(t -> {
            assertThat(t.get("profile").asText()).isEqualTo("prod");
            assertThat(t.get("keys").asInt()).isEqualTo(2);
            assertThat(t.get("overdue").asInt()).isEqualTo(1);
            assertThat(t.get("expired").asInt()).isEqualTo(1);
            assertThat(t.get("rotations").asInt()).isEqualTo(2);
        });
    }

    @Test
    void aRotationProviderFromAJarOnKeystashClasspathRotatesItsKeys() throws Exception {
        Path jar = folder.resolve("it-example-provider.jar");
        String classFile = TagRotationProvider.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("META-INF/services/io.keystash.vault.rotation.RotationProvider"));
            out.write((TagRotationProvider.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new JarEntry(classFile));
            try (var in = TagRotationProvider.class.getClassLoader().getResourceAsStream(classFile)) {
                assertThat(in).as(classFile).isNotNull();
                in.transferTo(out);
            }
        }
        KeystashCli cli = KeystashCli.withVault(folder);
        ok(cli.runWithInput("tagged-1", "store", "tagged", "--expires-in", "1d", "--tag", "rotate:it-example"));

        Result without = cli.run("rotate", "--due");
        ok(without);
        assertThat(without.err()).contains("warning: 'tagged' is due");

        cli.env("KEYSTASH_CLASSPATH", jar.toString());
        JsonNode report = json(cli.run("report", "--json"));
        assertThat(report.get("keys").get(0).get("rotationProvider").asText()).isEqualTo("it-example");
        Result due = cli.run("rotate", "--due", "--json");
        ok(due);
        assertThat(json(due)).singleElement().satisfies(r -> {
            assertThat(r.get("provider").asText()).isEqualTo("it-example");
            assertThat(r.get("outcome").asText()).isEqualTo("rotated");
        });
        assertThat(get(cli, "tagged")).isEqualTo(hashOf("it-example-tagged-2"));

        cli.env("KEYSTASH_CLASSPATH", folder.resolve("missing.jar").toString());
        Result missing = cli.run("rotate", "--due");
        assertThat(missing.status()).isEqualTo(4);
        assertThat(missing.err()).startsWith("keystash: KEYSTASH_CLASSPATH names ").contains("missing.jar");
    }

    @Test
    void aSecondRotateDueWhileOneIsRunningIsRefused() throws Exception {
        KeystashCli cli = KeystashCli.withVault(folder);
        Path started = folder.resolve("started");
        Path release = folder.resolve("release");
        ok(cli.runWithInput("slow-1", "store", "slow", "--expires-in", "1d", "--rotate-command",
                "touch '" + started + "'; while [ ! -f '" + release + "' ]; do sleep 0.1; done; echo slow-2"));
        Process first = cli.start("rotate", "--due");
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(90);
        while (!Files.exists(started)) {
            assertThat(java.time.Instant.now()).as("first run started its command").isBefore(deadline);
            Thread.sleep(50);
        }
        Result second = cli.run("rotate", "--due");
        Files.createFile(release);
        Result firstResult = KeystashCli.finish(first);

        assertThat(second.status()).as(second.toString()).isEqualTo(6);
        assertThat(second.err()).startsWith("keystash: another rotate --due is running on this vault");
        ok(firstResult);
        assertThat(firstResult.out()).contains("'slow' rotated from version 1 to 2");
        assertThat(get(cli, "slow")).isEqualTo(hashOf("slow-2"));
    }

    static List<Jdk> jdks() {
        return Jdks.matrix();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void rotateDueRollbackAndCheckExpiryOnEveryJdk(Jdk jdk) throws Exception {
        Jdks.assumePresent(jdk);
        KeystashCli cli = KeystashCli.withVault(Files.createDirectories(folder.resolve("jdk" + jdk.major())));
        cli.env("JAVA_HOME", jdk.home().toString());
        ok(cli.runWithInput("v1-" + jdk.major(), "store", "k", "--expires-in", "1d", "--rotate-command", "echo v2-$KEYSTASH_KEY"));
        assertThat(cli.run("check-expiry").status()).isEqualTo(1);
        ok(cli.run("rotate", "--due"));
        assertThat(get(cli, "k")).isEqualTo(hashOf("v2-k"));
        assertThat(cli.run("check-expiry").status()).isZero();
        ok(cli.run("rollback", "k"));
        assertThat(get(cli, "k")).isEqualTo(hashOf("v1-" + jdk.major()));
        assertThat(backups(cli)).hasSize(2);
    }
}
