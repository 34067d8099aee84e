package io.keystash.it.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs the CLI in-process against every damaged form of a saved vault: each byte changed (XOR
 * with a seeded non-zero mask), each truncation, one byte appended. For every case,
 * {@code get KEY} and {@code profile load PROFILE --export} must exit 3 with one error line and
 * print nothing on stdout (no wrong value, no partial result).
 *
 * <p>Arguments: VAULT KEY_FILE WORK_FOLDER KEY PROFILE SHA256_OF_VALUE SEED. Prints
 * {@code cases N}, {@code failures N} and up to 10 {@code failure ...} lines (offsets, statuses
 * and lengths only, never output); exits 0 when there is no failure.
 */
public final class TamperDriverMain {
    private TamperDriverMain() {
    }

    public static void main(String[] args) throws Exception {
        byte[] original = Files.readAllBytes(Path.of(args[0]));
        Path work = Path.of(args[2]);
        Path vault = work.resolve("tampered.vault");
        String key = args[3];
        String profile = args[4];
        String expectedSha = args[5];
        SplittableRandom random = new SplittableRandom(Long.parseLong(args[6]));
        InProcessCli cli = new InProcessCli(Map.of("KEYSTASH_VAULT", vault.toString(), "KEYSTASH_KEY_FILE", args[1]),
                work.toString());

        write(vault, original);
        InProcessCli.Outcome intact = cli.run(null, "get", key);
        String intactSha = sha256(intact.out());
        if (intact.status() != 0 || !intactSha.equals(expectedSha)) {
            System.out.println("failure intact vault: status " + intact.status() + ", value matches " + intactSha.equals(expectedSha));
            System.exit(1);
        }

        Tally tally = new Tally();
        long started = System.nanoTime();
        for (int offset = 0; offset < original.length; offset++) {
            byte[] bytes = original.clone();
            bytes[offset] ^= (byte) (1 + random.nextInt(255));
            write(vault, bytes);
            tally.check(cli.run(null, "get", key), "flip " + offset + " get");
            tally.check(cli.run(null, "profile", "load", profile, "--export"), "flip " + offset + " profile load");
        }
        for (int length = 0; length < original.length; length++) {
            byte[] bytes = java.util.Arrays.copyOf(original, length);
            write(vault, bytes);
            tally.check(cli.run(null, "get", key), "truncate " + length + " get");
        }
        byte[] longer = java.util.Arrays.copyOf(original, original.length + 1);
        write(vault, longer);
        tally.check(cli.run(null, "get", key), "append 1 get");
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("bytes " + original.length);
        System.out.println("cases " + tally.cases);
        System.out.println("millis " + millis);
        System.out.println("failures " + tally.failures);
        System.exit(tally.failures == 0 ? 0 : 1);
    }

    private static void write(Path vault, byte[] bytes) throws java.io.IOException {
        Files.deleteIfExists(vault);
        Files.write(vault, bytes);
        Files.setPosixFilePermissions(vault, PosixFilePermissions.fromString("rw-------"));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static final class Tally {
        int cases;
        int failures;

        void check(InProcessCli.Outcome outcome, String what) {
            cases++;
            boolean ok = outcome.status() == 3 && outcome.out().length == 0 && outcome.oneErrorLine();
            if (!ok) {
                failures++;
                if (failures <= 10) {
                    System.out.println("failure " + what + ": status " + outcome.status() + ", stdout bytes "
                            + outcome.out().length + ", stderr lines " + outcome.err().lines().count()
                            + ", stderr starts " + (outcome.err().startsWith("keystash: ") ? "keystash:" : "otherwise"));
                }
            }
        }
    }
}
