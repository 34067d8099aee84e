package io.keystash.it.reliability;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Run under the agent by {@link ReloadKeyMaterialIT}: reads VARIABLE, prints {@code ready}, polls
 * it until a reload serves another value (at most a minute), then dumps its whole heap —
 * unreachable objects included — to DUMP and prints {@code reloaded=true|false} (never a value).
 *
 * <p>Arguments: VARIABLE DUMP.
 */
public final class ReloadedKeyMaterialProbeMain {
    private ReloadedKeyMaterialProbeMain() {
    }

    public static void main(String[] args) throws Exception {
        String first = System.getenv(args[0]);
        System.out.println("ready");
        System.out.flush();
        long deadline = System.nanoTime() + 60_000_000_000L;
        boolean reloaded = false;
        while (!reloaded && System.nanoTime() < deadline) {
            Thread.sleep(5);
            reloaded = !Objects.equals(first, System.getenv(args[0]));
        }
        Thread.sleep(500); // the reload thread's own work after the swap (the read map's write) ends first
        Files.deleteIfExists(Path.of(args[1]));
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(args[1], false);
        System.out.println("reloaded=" + reloaded);
    }
}
