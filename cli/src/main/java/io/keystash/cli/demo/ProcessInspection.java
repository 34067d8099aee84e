package io.keystash.cli.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Looks at another process from outside, as any user with access to {@code /proc} could: its
 * environment block and command line. Linux only.
 */
final class ProcessInspection {
    private final long pid;

    ProcessInspection(long pid) {
        this.pid = pid;
    }

    static boolean supported() {
        return Files.isReadable(Path.of("/proc/self/environ"));
    }

    byte[] environ() throws IOException {
        return Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "environ"));
    }

    byte[] cmdline() throws IOException {
        return Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline"));
    }

    /** Number of NUL-separated entries. */
    static int entries(byte[] block) {
        int count = 0;
        for (int i = 0; i < block.length; i++) {
            if (block[i] == 0 && i > 0 && block[i - 1] != 0) {
                count++;
            }
        }
        return count;
    }

    /** True when any of {@code secrets} occurs in {@code block}. */
    static boolean containsAny(byte[] block, List<String> secrets) {
        for (String secret : secrets) {
            if (indexOf(block, secret.getBytes(StandardCharsets.UTF_8)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
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
