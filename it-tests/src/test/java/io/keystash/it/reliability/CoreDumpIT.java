package io.keystash.it.reliability;

import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Core dumps and {@code keystash run}: the launcher switches core dumps off for keystash's own
 * JVM (a core file would hold the values and keys it handled), but the program {@code run}
 * starts gets the limit the user had; and once that program runs, the waiting {@code run}
 * keeps no value in its heap: a full heap dump ({@code -all}, garbage included) of it holds
 * none, and a core of it taken with {@code gcore} is measured.
 */
class CoreDumpIT {
    @TempDir
    Path folder;
    KeystashCli cli;
    Canary value;

    @BeforeEach
    void vaultWithAProfile() {
        cli = KeystashCli.withVault(folder.resolve("cli"));
        value = Canary.fresh("sk-core");
        assertThat(cli.runWithInput(value.value(), "store", "k").status()).isZero();
        assertThat(cli.run("profile", "create", "dev").status()).isZero();
        assertThat(cli.run("profile", "add-key", "dev", "k", "--env", "K_VAR").status()).isZero();
    }

    @Test
    void keystashsOwnJvmDumpsNoCoreButTheProgramItRunsKeepsTheUsersLimit() {
        Result result = cli.shell("ulimit -S -c unlimited && \"$KEYSTASH\" run --profile dev -- sh -c "
                + "'echo \"child=$(ulimit -S -c)\"; grep \"Max core file size\" /proc/$PPID/limits; "
                + "echo \"leaked=${KEYSTASH_CORE_LIMIT:-none}\"'");
        assertThat(result.status()).as(result.toString()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).as("what the program saw").contains("child=unlimited", "leaked=none");
        String parent = lines.stream().filter(l -> l.startsWith("Max core file size")).findFirst().orElseThrow();
        assertThat(parent.split("\\s+")[4]).as("soft core limit of keystash's JVM: " + parent).isEqualTo("0");
    }

    @Test
    void runKeepsNoValueInItsHeapOnceTheProgramRuns() throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        assumeTrue(Files.isExecutable(jcmd), "no jcmd in " + System.getProperty("java.home") + ": heap dump test skipped");
        cli.env("KEYSTASH_JAVA_OPTS", cli.environment().get("KEYSTASH_JAVA_OPTS") + " -Xmx64m"); // a core of a small address space
        Process run = cli.start("run", "--profile", "dev", "--", "sh", "-c", "echo started; exec sleep 60");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("started");
            Thread.sleep(1000); // the parent is back in waitFor
            Path dump = folder.resolve("run-all.hprof");
            Process jcmdRun = new ProcessBuilder(jcmd.toString(), String.valueOf(run.pid()), "GC.heap_dump", "-all", dump.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(jcmdRun.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(dump).exists();
            HeapDumpScan scan = HeapDumpScan.of(dump, value);
            Files.delete(dump);
            assertThat(scan.arraysScanned).as("the heap dump reader found arrays").isGreaterThan(1000);
            assertThat(scan.total()).as("copies of the value in the heap of a waiting keystash run: " + scan.describe()).isZero();
            String core = coreCopies(run.pid());
            Summary.passed("core dumps", "keystash run waiting for its program: heap dump -all", 1,
                    "no copy of the value in the Java heap; " + core);
        } finally {
            run.destroy();
            run.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Copies of the value in a core of {@code pid} taken by gcore (which ignores the core limit), as text for the summary. */
    private String coreCopies(long pid) throws Exception {
        Path gcore = Path.of("/usr/bin/gcore");
        if (!Files.isExecutable(gcore)) {
            return "no gcore to measure a core file";
        }
        Path prefix = folder.resolve("run-core");
        Process process = new ProcessBuilder(gcore.toString(), "-o", prefix.toString(), String.valueOf(pid))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "gcore did not finish";
        }
        Path core = Path.of(prefix + "." + pid);
        if (!Files.exists(core)) {
            return "gcore could not attach";
        }
        byte[] needle = value.utf8();
        long size = Files.size(core);
        int copies = 0;
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(core), 1 << 20)) {
            byte[] window = new byte[(1 << 20) + needle.length];
            int kept = 0;
            int read;
            while ((read = in.readNBytes(window, kept, window.length - kept)) > 0) {
                int length = kept + read;
                for (int at = indexOf(window, length, needle, 0); at >= 0; at = indexOf(window, length, needle, at + 1)) {
                    copies++;
                }
                kept = Math.min(needle.length - 1, length);
                System.arraycopy(window, length - kept, window, 0, kept);
            }
        } finally {
            Files.delete(core);
        }
        return copies + " copies in a core of it taken with gcore (" + size / (1024 * 1024) + " MB; native buffers of the "
                + "process start, which the launcher's ulimit -c 0 keeps out of any core file)";
    }

    private static int indexOf(byte[] haystack, int length, byte[] needle, int from) {
        outer:
        for (int i = from; i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
