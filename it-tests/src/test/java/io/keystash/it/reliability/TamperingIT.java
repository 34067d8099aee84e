package io.keystash.it.reliability;

import io.keystash.it.support.KeystashCli;
import io.keystash.it.agent.programs.MainRan;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.Jdks;
import io.keystash.it.support.ProcessResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An attacker with write access to the files but no key: every byte of a saved vault changed,
 * every truncation, key slots and header fields swapped between two vaults, and an edited,
 * truncated or reordered audit log. The CLI must exit 3 and the agent 78, never printing a wrong
 * value or part of a result; {@code audit --verify} must exit 1 naming the first bad line.
 */
class TamperingIT {
    private static final String PROFILE = "dev";
    private static final int AGENT_SAMPLE = 12 * Summary.SCALE;
    private static final int PROCESS_SAMPLE = 8 * Summary.SCALE;
    private static final int BACKUP_SAMPLE = 9 * Summary.SCALE;

    @TempDir
    static Path folder;

    private static KeystashCli cli;
    private static Canary canary;

    /** One vault for every test: they damage copies of it (the audit test restores the log it edits). */
    @BeforeAll
    static void saveSmallVault() {
        cli = KeystashCli.withVault(folder.resolve("a"));
        canary = Canary.fresh("tamper");
        assertThat(cli.runWithInput(canary.value(), "store", "canary", "--env", "CANARY_KEY").status()).isZero();
        assertThat(cli.runWithInput("other-value", "store", "other").status()).isZero();
        assertThat(cli.run("profile", "create", PROFILE).status()).isZero();
        assertThat(cli.run("profile", "add-key", PROFILE, "canary").status()).isZero();
        assertThat(cli.run("profile", "add-key", PROFILE, "other", "--env", "OTHER").status()).isZero();
    }

    @Test
    void everyByteChangedAndEveryTruncationIsRefusedByTheCliInProcess() throws Exception {
        Path work = Files.createDirectories(folder.resolve("work"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        ProcessResult result = Drivers.run(Jdks.present().get(0), TamperDriverMain.class, Duration.ofMinutes(4),
                cli.vaultFile().toString(), cli.keyFile().toString(), work.toString(), "canary", PROFILE,
                Canary.sha256((canary.value() + "\n").getBytes(StandardCharsets.UTF_8)), Long.toString(Summary.SEED));
        assertThat(canary.foundIn(result.stdout()) || canary.foundIn(result.stderr())).as("canary in driver output").isFalse();
        assertThat(result.exitCode()).as("driver: %s", result.stdout().lines().filter(l -> l.startsWith("failure")).toList())
                .isZero();
        long cases = Long.parseLong(lineValue(result, "cases"));
        assertThat(result.stdout()).contains("failures 0");
        int bytes = Files.readAllBytes(cli.vaultFile()).length;
        assertThat(cases).isEqualTo(3L * bytes + 1);
        Summary.passed("tampering", "every byte of a " + bytes + "-byte vault changed (get + profile load), every truncation, "
                + "one byte appended; CLI in-process", cases, "all exit 3, one error line, empty stdout; "
                + lineValue(result, "millis") + " ms");
    }

    @Test
    void aSampleOfDamagedVaultsIsRefusedByTheRealLauncherAndTheAgent() throws Exception {
        byte[] original = Files.readAllBytes(cli.vaultFile());
        int headerEnd = headerEnd(original);
        SplittableRandom random = new SplittableRandom(Summary.SEED);
        List<Jdk> jdks = Jdks.present();
        Path damaged = folder.resolve("damaged.vault");
        int agentCases = 0;
        for (int i = 0; i < AGENT_SAMPLE; i++) {
            byte[] bytes = damage(original, headerEnd, random, i);
            writePrivate(damaged, bytes);
            Jdk jdk = jdks.get(i % jdks.size());
            ProcessResult run = JavaLaunch.on(jdk).agent(Artifacts.agentJar(),
                            "vault=" + damaged + ",keyfile=" + cli.keyFile() + ",profile=" + PROFILE)
                    .classPath(Artifacts.testClasses()).main(MainRan.class).run();
            assertThat(run.exitCode()).as("agent on %s, case %d", jdk, i).isEqualTo(78);
            assertThat(run.stdout()).as("the program did not run").doesNotContain("main=ran");
            assertThat(run.stderrLines()).as("one line").hasSize(1);
            assertThat(canary.foundIn(run.stdout() + run.stderr())).isFalse();
            agentCases++;
        }
        int warnCases = 0;
        for (int i = 0; i < 2; i++) {
            writePrivate(damaged, damage(original, headerEnd, random, i));
            ProcessResult run = JavaLaunch.on(jdks.get(i % jdks.size())).agent(Artifacts.agentJar(),
                            "vault=" + damaged + ",keyfile=" + cli.keyFile() + ",profile=" + PROFILE + ",onerror=warn")
                    .classPath(Artifacts.testClasses()).main(ValueProbeMain.class, "CANARY_KEY", "OTHER").run();
            assertThat(run.exitCode()).as("onerror=warn: the program runs").isZero();
            assertThat(run.report()).as("no partial injection").containsEntry("CANARY_KEY", "null").containsEntry("OTHER", "null");
            assertThat(run.stderrLines()).hasSize(1);
            warnCases++;
        }
        int cliCases = 0;
        KeystashCli damagedCli = new KeystashCli(folder.resolve("d")).env("KEYSTASH_KEY_FILE", cli.keyFile().toString())
                .env("KEYSTASH_VAULT", damaged.toString());
        for (int i = 0; i < PROCESS_SAMPLE; i++) {
            writePrivate(damaged, damage(original, headerEnd, random, i));
            KeystashCli.Result get = damagedCli.run(i % 2 == 0 ? new String[] {"get", "canary"}
                    : new String[] {"profile", "load", PROFILE, "--export"});
            assertThat(get.status()).as("launcher case %d: %s", i, get).isEqualTo(3);
            assertThat(get.out()).isEmpty();
            assertThat(get.err()).startsWith("keystash: ").doesNotContain("\tat ");
            cliCases++;
        }
        Summary.passed("tampering", "seeded sample of changed bytes (header and body) and truncations through real processes: "
                        + "the agent on " + jdks.size() + " JDK(s) and the launcher", agentCases + warnCases + cliCases,
                "agent: exit 78 and main never ran (" + agentCases + "); agent onerror=warn: the program runs with neither "
                        + "value, one warning (" + warnCases + "); launcher: exit 3, empty stdout (" + cliCases + ")");
    }

    @Test
    void keySlotsAndHeadersSwappedBetweenTwoVaultsAreRefused() throws Exception {
        KeystashCli other = KeystashCli.withVault(folder.resolve("b"));
        assertThat(other.runWithInput("b-value", "store", "canary").status()).isZero();
        byte[] a = Files.readAllBytes(cli.vaultFile());
        byte[] b = Files.readAllBytes(other.vaultFile());
        int headerEnd = headerEnd(a);
        assertThat(headerEnd(b)).as("both key-file vaults have the same header layout").isEqualTo(headerEnd);
        // one key-file slot at byte 16: type (1) | length (2) | salt length (1) | salt (16) | wrapped key (60)
        int slotStart = 16;
        int slotEnd = slotStart + 3 + 1 + 16 + 60;
        List<byte[]> swapped = new ArrayList<>();
        swapped.add(splice(a, b, slotStart, slotEnd));        // B's slot in A's vault
        swapped.add(splice(a, b, slotStart + 4, slotStart + 20)); // B's salt in A's slot
        swapped.add(splice(a, b, slotEnd - 60, slotEnd));     // B's wrapped key in A's slot
        swapped.add(concat(b, a, headerEnd));                  // B's whole header, A's records and MAC
        swapped.add(concat(a, b, headerEnd));                  // A's whole header, B's records and MAC
        Path damaged = folder.resolve("swapped.vault");
        int cases = 0;
        for (int i = 0; i < swapped.size(); i++) {
            writePrivate(damaged, resealChecksum(swapped.get(i), headerEnd));
            for (Path keyFile : List.of(cli.keyFile(), other.keyFile())) {
                KeystashCli.Result get = new KeystashCli(folder.resolve("s")).env("KEYSTASH_KEY_FILE", keyFile.toString())
                        .env("KEYSTASH_VAULT", damaged.toString()).run("get", "canary");
                assertThat(get.status()).as("swap %d with key %s: %s", i, keyFile.getFileName(), get).isEqualTo(3);
                assertThat(get.out()).isEmpty();
                cases++;
            }
        }
        writePrivate(damaged, resealChecksum(swapped.get(0), headerEnd));
        ProcessResult agent = JavaLaunch.on(Jdks.present().get(0)).agent(Artifacts.agentJar(),
                        "vault=" + damaged + ",keyfile=" + other.keyFile() + ",profile=" + PROFILE)
                .classPath(Artifacts.testClasses()).main(MainRan.class).run();
        assertThat(agent.exitCode()).isEqualTo(78);
        cases++;
        Summary.passed("tampering", "key slot, salt, wrapped key, whole header swapped between two vaults "
                + "(header checksum recomputed, as an attacker can); opened with either vault's key file", cases,
                "all refused: CLI exit 3, agent exit 78");
    }

    @Test
    void auditLogEditedTruncatedOrReorderedIsCaughtAtTheFirstBadLine() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(cli.run("list").status()).isZero();
        }
        Path log = cli.home().resolve("audit.log");
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(lines.size()).isGreaterThanOrEqualTo(8);
        assertThat(cli.run("audit", "--verify").status()).as("intact log").isZero();
        assertThat(canary.foundIn(Files.readAllBytes(log))).isFalse();

        List<String[]> cases = new ArrayList<>();
        List<String> edited = new ArrayList<>(lines);
        edited.set(2, edited.get(2).replace("\"ok\"", "\"OK\""));
        cases.add(new String[] {"edited outcome on line 3", join(edited), "3"});
        edited = new ArrayList<>(lines);
        edited.set(4, edited.get(4).replaceFirst("\"pid\":[0-9]+", "\"pid\":1"));
        cases.add(new String[] {"edited pid on line 5", join(edited), "5"});
        List<String> removed = new ArrayList<>(lines);
        removed.remove(3);
        cases.add(new String[] {"line 4 removed", join(removed), "4"});
        List<String> reordered = new ArrayList<>(lines);
        reordered.set(1, lines.get(2));
        reordered.set(2, lines.get(1));
        cases.add(new String[] {"lines 2 and 3 swapped", join(reordered), "2"});
        String whole = join(lines);
        int lastStart = whole.lastIndexOf('\n', whole.length() - 2) + 1;
        cases.add(new String[] {"last line cut in half", whole.substring(0, lastStart + (whole.length() - lastStart) / 2),
            Integer.toString(lines.size())});
        List<String> duplicated = new ArrayList<>(lines);
        duplicated.add(5, lines.get(4));
        cases.add(new String[] {"line 5 repeated", join(duplicated), "6"});

        String intact = whole;
        for (String[] c : cases) {
            Files.writeString(log, c[1], StandardCharsets.UTF_8);
            KeystashCli.Result verify = cli.run("audit", "--verify");
            assertThat(verify.status()).as(c[0] + ": " + verify).isEqualTo(1);
            assertThat(verify.out()).as(c[0]).contains("line " + c[2] + ":");
            Files.writeString(log, intact, StandardCharsets.UTF_8);
        }
        Summary.passed("tampering", "audit log: an outcome and a pid edited, a line removed, two lines swapped, "
                + "the last line cut, a line repeated; audit --verify", cases.size(), "all exit 1 naming the first bad line");
    }

    /**
     * A backup is a vault too, and an older copy of it: opened as it is, it needs {@code
     * --accept-older}; changed or cut, opening it ({@code --vault BACKUP --accept-older get},
     * {@code list}, {@code rollback}) is refused with status 3 and changes nothing — not the backup, not the
     * other backups, not the vault — and the vault's own {@code rollback} still works.
     */
    @Test
    void aTamperedBackupIsRefusedAndChangesNothing() throws Exception {
        KeystashCli owner = KeystashCli.withVault(folder.resolve("backup"));
        assertThat(owner.runWithInput("backup-v1", "store", "k").status()).isZero();
        assertThat(owner.runWithInput("backup-v2", "rotate", "k").status()).isZero();
        assertThat(owner.runWithInput("backup-v3", "rotate", "k").status()).isZero();
        Path backups = owner.home().resolve("backups");
        List<Path> files = listed(backups);
        assertThat(files).hasSize(2);
        Path backup = files.get(1);
        byte[] original = Files.readAllBytes(backup);
        KeystashCli.Result older = owner.run("--vault", backup.toString(), "get", "k");
        assertThat(older.status()).as("a backup is an older copy of the vault: %s", older).isEqualTo(3);
        assertThat(older.err()).contains("older than a copy this machine has already opened").contains("--accept-older");
        KeystashCli.Result whole = owner.run("--vault", backup.toString(), "--accept-older", "get", "k");
        assertThat(whole.out()).as("an untouched backup opens with --accept-older: %s", whole).isEqualTo("backup-v2\n");
        Path backupAudit = backup.resolveSibling(backup.getFileName() + ".audit.log"); // written by that get
        byte[] auditBefore = Files.readAllBytes(backupAudit);
        int headerEnd = headerEnd(original);
        SplittableRandom random = new SplittableRandom(Summary.SEED + 7);
        String[][] commands = {{"get", "k"}, {"list"}, {"rollback", "k"}};
        int cases = 0;
        for (int i = 0; i < BACKUP_SAMPLE; i++) {
            byte[] damaged = i == BACKUP_SAMPLE - 1 ? new byte[0] : damage(original, headerEnd, random, i);
            writePrivate(backup, damaged);
            byte[] vaultBefore = Files.readAllBytes(owner.vaultFile());
            List<Path> before = listed(backups);
            String[] command = commands[i % commands.length];
            List<String> args = new ArrayList<>(List.of("--vault", backup.toString(), "--accept-older"));
            args.addAll(List.of(command));
            KeystashCli.Result result = owner.run(args.toArray(String[]::new));
            String what = String.join(" ", command) + " on a backup damaged by case " + i + " (" + damaged.length + " bytes)";
            assertThat(result.status()).as(what + ": " + result).isEqualTo(3);
            assertThat(result.out()).as(what).isEmpty();
            assertThat(result.err()).as(what).startsWith("keystash: ");
            assertThat(result.err().lines().count()).as(what).isEqualTo(1);
            assertThat(Files.readAllBytes(backup)).as(what + ": the backup unchanged").isEqualTo(damaged);
            assertThat(Files.readAllBytes(owner.vaultFile())).as(what + ": the vault unchanged").isEqualTo(vaultBefore);
            assertThat(listed(backups)).as(what + ": no backup added or removed").isEqualTo(before);
            assertThat(Files.readAllBytes(backupAudit)).as(what + ": the backup's audit log unchanged").isEqualTo(auditBefore);
            cases++;
        }
        List<Path> companions = new ArrayList<>();
        try (var entries = Files.list(backups)) {
            entries.filter(f -> !f.getFileName().toString().endsWith(".bak") && !f.equals(backupAudit)).forEach(companions::add);
        }
        for (Path companion : companions) {
            assertThat(companion.getFileName().toString()).as("the only file a refused open may leave").endsWith(".bak.lock");
            assertThat(Files.size(companion)).isZero();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(companion))).isEqualTo("rw-------");
        }
        KeystashCli.Result rollback = owner.run("rollback", "k");
        assertThat(rollback.status()).as("the vault's own rollback: %s", rollback).isZero();
        assertThat(owner.run("get", "k").out()).isEqualTo("backup-v2\n");
        Summary.passed("tampering", "a backup (written by `rotate`) with a byte changed (header, body), cut, or emptied; opened with "
                        + "--vault BACKUP get / list / rollback", cases,
                "all exit 3, one error line, empty stdout; the backup, the other backups and the vault unchanged"
                        + (companions.isEmpty() ? "" : " (rollback leaves an empty 0600 lock file beside the backup)")
                        + "; the vault's own rollback still works");
    }

    private static List<Path> listed(Path folder) throws java.io.IOException {
        try (var entries = Files.list(folder)) {
            return entries.filter(f -> f.getFileName().toString().endsWith(".bak")).sorted().toList();
        }
    }

    private static String join(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    /** Case {@code i}: a changed header byte (even), a changed body byte (odd), every fourth a truncation. */
    private static byte[] damage(byte[] original, int headerEnd, SplittableRandom random, int i) {
        if (i % 4 == 3) {
            return Arrays.copyOf(original, random.nextInt(original.length));
        }
        int offset = i % 2 == 0 ? random.nextInt(headerEnd) : headerEnd + random.nextInt(original.length - headerEnd);
        byte[] bytes = original.clone();
        bytes[offset] ^= (byte) (1 + random.nextInt(255));
        return bytes;
    }

    /** Where the records start: magic (8), version (2), header length (4), header, checksum (32). */
    static int headerEnd(byte[] file) {
        int length = (file[10] & 0xFF) << 24 | (file[11] & 0xFF) << 16 | (file[12] & 0xFF) << 8 | file[13] & 0xFF;
        return 14 + length + 32;
    }

    /** {@code into} with bytes [from, to) taken from {@code from}. */
    private static byte[] splice(byte[] into, byte[] source, int start, int end) {
        byte[] bytes = into.clone();
        System.arraycopy(source, start, bytes, start, end - start);
        return bytes;
    }

    /** {@code head}'s first {@code at} bytes, then {@code tail}'s from {@code at} on. */
    private static byte[] concat(byte[] head, byte[] tail, int at) {
        byte[] bytes = Arrays.copyOf(head, tail.length);
        System.arraycopy(tail, at, bytes, at, tail.length - at);
        return bytes;
    }

    /** The header checksum is plain SHA-256 (it tells damage from a wrong key); anyone can recompute it. */
    static byte[] resealChecksum(byte[] file, int headerEnd) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(file, headerEnd - 32));
        System.arraycopy(digest, 0, file, headerEnd - 32, 32);
        return file;
    }

    static void writePrivate(Path file, byte[] bytes) throws java.io.IOException {
        Files.deleteIfExists(file);
        Files.write(file, bytes);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static String lineValue(ProcessResult result, String name) {
        for (String line : result.stdoutLines()) {
            if (line.startsWith(name + " ")) {
                return line.substring(name.length() + 1);
            }
        }
        return "-1";
    }
}
