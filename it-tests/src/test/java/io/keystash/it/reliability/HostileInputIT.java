package io.keystash.it.reliability;

import io.keystash.it.support.KeystashCli;
import io.keystash.it.agent.programs.MainRan;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.Jdks;
import io.keystash.it.support.ProcessResult;
import io.keystash.vault.VaultStore;
import io.keystash.vault.crypto.Argon2idParams;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.Passphrase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input: a seeded fuzz run over every parser we own (in a driver JVM with the shipped
 * jars), and oversized input refused quickly without exhausting memory — a KDF parameter of 2^40
 * in a header, values of 64 KiB and 64 KiB + 1, 1 GB on standard input, endless key and passphrase
 * files. Longer fuzzing: {@code -Dkeystash.reliability.fuzz.iterations=N} (default 2,500 per
 * harness unit; string parsers run 4×, the CLI 1/5) or {@code -Dkeystash.reliability.scale=N}.
 */
class HostileInputIT {
    private static final int FUZZ_ITERATIONS = Integer.getInteger("keystash.reliability.fuzz.iterations", 2_500 * Summary.SCALE);
    private static final Pattern HARNESS = Pattern.compile(
            "harness (.+) cases (\\d+) accepted (\\d+) refused (\\d+) findings (\\d+) millis (\\d+)");

    @TempDir
    Path folder;

    @Test
    void seededFuzzingOfEveryParserFindsNothing() throws Exception {
        KeystashCli cli = KeystashCli.withVault(folder.resolve("cli"));
        assertThat(cli.runWithInput(FuzzDriverMain.VALUE_MARKER + "-1", "store", "k1").status()).isZero();
        assertThat(cli.run("profile", "create", "dev").status()).isZero();
        assertThat(cli.run("profile", "add-key", "dev", "k1", "--env", "K1").status()).isZero();
        assertThat(cli.runWithInput(FuzzDriverMain.VALUE_MARKER + "-2", "store", "k2", "--provider", "openai", "--keep", "3").status()).isZero();
        assertThat(cli.runWithInput(FuzzDriverMain.VALUE_MARKER + "-3", "store", "k2", "--force").status()).isZero();
        Path work = Files.createDirectories(folder.resolve("work"));
        ProcessResult result = Drivers.run(Jdks.present().get(0), FuzzDriverMain.class, Duration.ofMinutes(4),
                cli.vaultFile().toString(), cli.keyFile().toString(), work.toString(), Long.toString(Summary.SEED),
                Integer.toString(FUZZ_ITERATIONS));
        String findings = String.join("\n", result.stdoutLines().stream().filter(l -> l.startsWith("finding")).toList());
        assertThat(result.exitCode()).as("fuzz findings:\n%s\nstderr lines %d", findings, result.stderrLines().size()).isZero();
        int harnesses = 0;
        for (String line : result.stdoutLines()) {
            Matcher m = HARNESS.matcher(line);
            if (m.matches()) {
                harnesses++;
                assertThat(m.group(5)).isEqualTo("0");
                Summary.passed("hostile input", "fuzz: " + m.group(1), Long.parseLong(m.group(2)),
                        "0 findings (" + m.group(3) + " accepted, " + m.group(4) + " refused as documented; "
                                + m.group(6) + " ms)");
            }
        }
        assertThat(harnesses).isEqualTo(13);
        result.stdoutLines().stream().filter(l -> l.startsWith("note ")).forEach(l -> Summary.note("fuzz " + l.substring(5)));
    }

    @Test
    void kdfParameterOf2To40InAHeaderIsRefusedBeforeDerivingAnything() throws Exception {
        Path vaultFile = folder.resolve("kdf/vault");
        VaultStore.at(VaultPaths.of(vaultFile)).create(new Passphrase("pw".toCharArray(), "test"), new Argon2idParams(8192, 1, 1));
        byte[] file = Files.readAllBytes(vaultFile);
        int headerEnd = TamperingIT.headerEnd(file);
        // header at byte 14: cipher (1) | vault id (16) | generation (8) | slot count (2), then the
        // passphrase slot at byte 41: type (1) | length (2) | id (8) | kind (1) | KDF id (1) |
        // memory KiB (4) | passes (4) | lanes (4)
        assertThat(file[41]).as("slot type recipient").isEqualTo((byte) 3);
        assertThat(file[52]).as("slot kind passphrase").isEqualTo((byte) 1);
        assertThat(file[53]).as("KDF Argon2id").isEqualTo((byte) 1);
        byte[] hostile = file.clone();
        putU32(hostile, 54, 1 << 30); // 2^30 KiB = 2^40 bytes of memory
        TamperingIT.writePrivate(vaultFile, TamperingIT.resealChecksum(hostile, headerEnd));
        KeystashCli cli = new KeystashCli(folder.resolve("kdf-cli")).env("KEYSTASH_VAULT", vaultFile.toString()).env("API_KEY_MASTER", "pw");
        long started = System.nanoTime();
        KeystashCli.Result list = cli.run("list");
        long cliMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(list.status()).as(list.toString()).isEqualTo(3);
        assertThat(list.err()).contains("KDF parameters refused");

        byte[] passes = file.clone();
        putU32(passes, 58, 1 << 30); // 2^30 passes
        TamperingIT.writePrivate(vaultFile, TamperingIT.resealChecksum(passes, headerEnd));
        assertThat(cli.run("list").status()).isEqualTo(3);

        TamperingIT.writePrivate(vaultFile, TamperingIT.resealChecksum(hostile, headerEnd));
        started = System.nanoTime();
        ProcessResult agent = JavaLaunch.on(Jdks.present().get(0)).agent(Artifacts.agentJar(), "vault=" + vaultFile)
                .env("API_KEY_MASTER", "pw").classPath(Artifacts.testClasses()).main(MainRan.class).run();
        long agentMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(agent.exitCode()).isEqualTo(78);
        assertThat(agent.stderr()).contains("KDF parameters refused");
        Summary.passed("hostile input", "Argon2id memory 2^40 bytes / 2^30 passes in a header (checksum recomputed): CLI list, agent",
                3, "refused before deriving: CLI exit 3 in " + cliMillis + " ms (whole JVM), agent exit 78 in " + agentMillis + " ms");
    }

    @Test
    void valuesUpTo64KiBWorkAndOneByteMoreIsRefusedWithTheVaultUnchanged() throws Exception {
        KeystashCli cli = KeystashCli.withVault(folder.resolve("size"));
        byte[] exact = new byte[64 * 1024];
        Arrays.fill(exact, (byte) 'v');
        exact[0] = (byte) 0xC3; // 'é' in UTF-8: a two-byte character at the start: bytes are counted, not characters
        exact[1] = (byte) 0xA9;
        KeystashCli.Result stored = cli.run(exact, "store", "big");
        assertThat(stored.status()).as(stored.toString()).isZero();
        KeystashCli.Result got = cli.run("get", "big");
        assertThat(Canary.sha256(got.out().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Canary.sha256(Arrays.copyOf(append(exact, (byte) '\n'), exact.length + 1)));
        KeystashCli.Result withNewline = cli.run(append(exact, (byte) '\n'), "store", "big2");
        assertThat(withNewline.status()).as("64 KiB plus the trailing newline that is stripped").isZero();

        byte[] before = Files.readAllBytes(cli.vaultFile());
        byte[] over = append(exact, (byte) 'v');
        KeystashCli.Result refused = cli.run(over, "store", "big3");
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).startsWith("keystash: ").contains("64 KiB");
        KeystashCli.Result refusedForce = cli.run(over, "store", "big", "--force");
        assertThat(refusedForce.status()).isEqualTo(2);
        assertThat(Files.readAllBytes(cli.vaultFile())).as("vault unchanged").isEqualTo(before);
        Summary.passed("hostile input", "value of exactly 64 KiB (store, get, with trailing newline); 64 KiB + 1 (store, store --force)",
                5, "64 KiB round-trips; 64 KiB + 1 exit 2, vault byte-for-byte unchanged");
    }

    @Test
    void oneGigabyteOnStandardInputIsRefusedWithoutReadingItAll() throws Exception {
        KeystashCli cli = KeystashCli.withVault(folder.resolve("gb"));
        byte[] before = Files.readAllBytes(cli.vaultFile());
        // a generator process streams 1 GiB; the CLI runs with a 64 MiB heap, so holding it would fail
        cli.env("KEYSTASH_JAVA_OPTS", cli.environment().get("KEYSTASH_JAVA_OPTS") + " -Xmx64m");
        long started = System.nanoTime();
        KeystashCli.Result result = cli.shell("head -c 1073741824 /dev/zero | tr '\\0' 'x' | \"$KEYSTASH\" store huge; echo \"status=$?\"");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(result.out()).as(result.toString()).contains("status=2");
        assertThat(result.err()).contains("keystash: the value on standard input is larger than").doesNotContain("OutOfMemory");
        assertThat(Files.readAllBytes(cli.vaultFile())).isEqualTo(before);

        Path fifo = folder.resolve("gb/fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        KeystashCli.Result endlessKey = cli.shell("(head -c 1073741824 /dev/zero > " + fifo + " 2>/dev/null &) ; \"$KEYSTASH\" --key-file "
                + fifo + " list; echo \"status=$?\"");
        assertThat(endlessKey.out()).as(endlessKey.toString()).contains("status=2");
        assertThat(endlessKey.err()).contains("is not a Keystash key file").doesNotContain("OutOfMemory");
        KeystashCli.Result zeroKey = cli.run("--key-file", "/dev/zero", "list");
        assertThat(zeroKey.status()).as(zeroKey.toString()).isEqualTo(2);
        KeystashCli.Result zeroPassphrase = cli.env("KEYSTASH_KEY_FILE", null).run("--passphrase-file", "/dev/zero", "list");
        assertThat(zeroPassphrase.status()).as(zeroPassphrase.toString()).isEqualTo(2);
        assertThat(zeroPassphrase.err()).contains("larger than");
        ProcessResult agent = JavaLaunch.on(Jdks.present().get(0))
                .agent(Artifacts.agentJar(), "vault=" + cli.vaultFile() + ",keyfile=/dev/zero")
                .jvmOption("-Xmx64m").classPath(Artifacts.testClasses()).main(MainRan.class).run();
        assertThat(agent.exitCode()).isEqualTo(78);
        assertThat(agent.stderr()).doesNotContain("OutOfMemory");
        Summary.passed("hostile input", "1 GiB streamed into store's standard input (64 MiB heap); a key file that is a FIFO fed 1 GiB; "
                        + "/dev/zero as key file and passphrase file (CLI and agent)", 5,
                "refused after reading at most 64 KiB + 3 bytes (1 GiB case: " + millis + " ms), exit 2 / agent 78, no OutOfMemoryError, vault unchanged");
    }

    /**
     * An import source of 1 GiB: a (sparse) file, a FIFO fed by a generator, {@code /dev/zero}. Each
     * is refused (status 2) after at most the 16 MiB cap, in a 64 MiB heap, without
     * OutOfMemoryError, and the vault is unchanged. A FIFO fed a small .env file still imports.
     */
    @Test
    void oneGigabyteImportSourcesAreRefusedQuicklyWithTheVaultUnchanged() throws Exception {
        KeystashCli cli = KeystashCli.withVault(folder.resolve("gb-import"));
        assertThat(cli.runWithInput("kept", "store", "kept").status()).isZero();
        cli.env("KEYSTASH_JAVA_OPTS", cli.environment().get("KEYSTASH_JAVA_OPTS") + " -Xmx64m");
        byte[] before = Files.readAllBytes(cli.vaultFile());
        Path big = cli.folder().resolve("big.env");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(1L << 30);
        }
        Path fifo = cli.folder().resolve("import.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        String[][] cases = {
            {"1 GiB file", "\"$KEYSTASH\" import big.env --format dotenv"},
            {"1 GiB file as JSON", "\"$KEYSTASH\" import big.env --format json"},
            {"FIFO fed 1 GiB", "(head -c 1073741824 /dev/zero | tr '\\0' 'A' > import.fifo 2>/dev/null &) ; "
                    + "\"$KEYSTASH\" import import.fifo --format dotenv"},
            {"FIFO fed 1 GiB of YAML", "(head -c 1073741824 /dev/zero | tr '\\0' ' ' > import.fifo 2>/dev/null &) ; "
                    + "\"$KEYSTASH\" import import.fifo --format yaml"},
            {"/dev/zero", "\"$KEYSTASH\" import /dev/zero --format dotenv"}};
        long slowest = 0;
        for (String[] c : cases) {
            long started = System.nanoTime();
            KeystashCli.Result result = cli.shell(c[1] + "; echo \"status=$?\"");
            long millis = (System.nanoTime() - started) / 1_000_000;
            slowest = Math.max(slowest, millis);
            assertThat(result.out()).as(c[0] + ": " + result).contains("status=2");
            assertThat(result.err()).as(c[0]).contains("larger than 16777216 bytes").doesNotContain("OutOfMemory")
                    .doesNotContain("\tat ");
            assertThat(result.err().lines().count()).as(c[0] + ": one line").isEqualTo(1);
            assertThat(Files.readAllBytes(cli.vaultFile())).as(c[0] + ": vault unchanged").isEqualTo(before);
        }
        KeystashCli.Result small = cli.shell("(printf 'FROM_FIFO=ok\\n' > import.fifo &) ; \"$KEYSTASH\" import import.fifo --format dotenv");
        assertThat(small.status()).as("a small file through a FIFO: %s", small).isZero();
        assertThat(cli.run("get", "FROM_FIFO").out()).isEqualTo("ok\n");
        Summary.passed("hostile input", "import of 1 GiB: a sparse file (as .env and JSON), a FIFO fed 1 GiB (as .env and YAML), "
                        + "/dev/zero; CLI with a 64 MiB heap", cases.length + 1,
                "refused at the 16 MiB cap, exit 2, one line, no OutOfMemoryError, vault unchanged (slowest " + slowest
                        + " ms, whole process); a small .env through a FIFO still imports");
    }

    private static void putU32(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }

    private static byte[] append(byte[] bytes, byte last) {
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        longer[bytes.length] = last;
        return longer;
    }
}
