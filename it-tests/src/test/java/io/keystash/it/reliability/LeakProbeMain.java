package io.keystash.it.reliability;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The program the leak test runs under the agent: reads {@code VARIABLE} (as an application
 * would), starts a child process with the inherited environment, optionally dumps its own heap
 * (all objects, then live ones) after the profile is loaded, prints {@code sha256=…} of what
 * it read (never the value), {@code child=PID} and {@code ready}, and waits for its stdin to close.
 *
 * <p>Arguments: VARIABLE [HEAP_DUMP_PREFIX].
 */
public final class LeakProbeMain {
    private LeakProbeMain() {
    }

    public static void main(String[] args) throws Exception {
        String value = System.getenv(args[0]);
        Process child = new ProcessBuilder("sleep", "60").inheritIO().redirectInput(ProcessBuilder.Redirect.PIPE).start();
        if (args.length > 1) {
            HotSpotDiagnosticMXBean diagnostics = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            Files.deleteIfExists(Path.of(args[1] + "-live.hprof"));
            Files.deleteIfExists(Path.of(args[1] + "-all.hprof"));
            // all objects first: the live dump runs a full GC, which would clear the garbage away
            diagnostics.dumpHeap(args[1] + "-all.hprof", false);
            diagnostics.dumpHeap(args[1] + "-live.hprof", true);
        }
        // hashed only after the dumps, so that the hash's copies of the value are not in them
        System.out.println("sha256=" + (value == null ? "null"
                : HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)))));
        System.out.println("child=" + child.pid());
        System.out.println("ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (in.readLine() != null) {
            // wait for the test to close our stdin
        }
        child.destroyForcibly().waitFor();
    }
}
