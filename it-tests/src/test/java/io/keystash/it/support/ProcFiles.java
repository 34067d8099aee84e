package io.keystash.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a running process's {@code /proc/PID/environ} and {@code /proc/PID/cmdline} (Linux). */
public final class ProcFiles {
    private ProcFiles() {
    }

    public static boolean available() {
        return Files.isReadable(Path.of("/proc/self/environ"));
    }

    /** The environment block the process was started with: NUL-separated {@code NAME=value}. */
    public static byte[] environ(long pid) {
        return read(pid, "environ");
    }

    /** The command line: NUL-separated arguments. */
    public static byte[] cmdline(long pid) {
        return read(pid, "cmdline");
    }

    private static byte[] read(long pid, String file) {
        try {
            return Files.readAllBytes(Path.of("/proc", Long.toString(pid), file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code text}'s UTF-8 bytes occur anywhere in {@code bytes}. */
    public static boolean contains(byte[] bytes, String text) {
        byte[] needle = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
