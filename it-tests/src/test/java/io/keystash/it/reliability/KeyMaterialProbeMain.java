package io.keystash.it.reliability;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run under the agent by {@link KeyMaterialInHeapIT}: reads VARIABLE as a program would, then dumps
 * its whole heap — unreachable objects included, before any collection could clear them — to
 * DUMP, and prints {@code read=true|false} (never the value).
 *
 * <p>Arguments: VARIABLE DUMP.
 */
public final class KeyMaterialProbeMain {
    private KeyMaterialProbeMain() {
    }

    public static void main(String[] args) throws Exception {
        String value = System.getenv(args[0]);
        Files.deleteIfExists(Path.of(args[1]));
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(args[1], false);
        System.out.println("read=" + (value != null && !value.isEmpty()));
    }
}
