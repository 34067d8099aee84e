package io.keystash.cli.shell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a real POSIX {@code sh} makes of lines we print for it: runs the lines, then prints each
 * named variable's value NUL-separated (NUL is the one byte no value or environment can hold), and
 * returns the values as bytes, so a test compares them exactly and never has to print one.
 */
public final class ShellEvaluation {
    private ShellEvaluation() {
    }

    /** The values {@code names} hold after {@code sh -c} ran {@code lines}; fails if sh fails. */
    public static List<byte[]> valuesAfter(String lines, List<String> names) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder(lines);
        if (!lines.isEmpty() && !lines.endsWith("\n")) {
            script.append('\n');
        }
        for (String name : names) {
            script.append("printf '%s\\0' \"$").append(name).append("\"\n");
        }
        Process process = new ProcessBuilder("sh", "-c", script.toString()).start();
        process.getOutputStream().close();
        byte[] out;
        try (InputStream in = process.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("sh did not finish in 30 s");
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("sh exit status " + process.exitValue());
        }
        return splitOnNul(out);
    }

    private static List<byte[]> splitOnNul(byte[] bytes) {
        List<byte[]> parts = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        for (byte b : bytes) {
            if (b == 0) {
                parts.add(current.toByteArray());
                current.reset();
            } else {
                current.write(b);
            }
        }
        return parts;
    }
}
