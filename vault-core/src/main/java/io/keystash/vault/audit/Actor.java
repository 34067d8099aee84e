package io.keystash.vault.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who does something: {@code user@host} and the process id. The host name comes from the kernel
 * (no DNS lookup, which can hang in containers).
 */
public record Actor(String user, String host, long pid) {
    private static final Actor CURRENT = detect();

    public static Actor current() {
        return CURRENT;
    }

    /** {@code user@host}. */
    public String userAtHost() {
        return user + "@" + host;
    }

    private static Actor detect() {
        String user = System.getProperty("user.name", "unknown");
        return new Actor(user, hostName(), ProcessHandle.current().pid());
    }

    private static String hostName() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                String name = Files.readString(kernel).strip();
                if (!name.isEmpty()) {
                    return name;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall back below
        }
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv == null || fromEnv.isBlank()) {
            fromEnv = System.getenv("COMPUTERNAME");
        }
        return fromEnv == null || fromEnv.isBlank() ? "localhost" : fromEnv.strip();
    }
}
