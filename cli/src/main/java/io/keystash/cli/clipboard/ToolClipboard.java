package io.keystash.cli.clipboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The clipboard through a command-line tool. The value always travels on the tool's standard
 * input, never in its arguments (which other users can read in {@code /proc/PID/cmdline}).
 */
final class ToolClipboard implements ClipboardBackend {
    private static final long TOOL_SECONDS = 10;

    private final List<String> copy;
    private final List<String> read;
    private final List<String> clear;

    private ToolClipboard(List<String> copy, List<String> read, List<String> clear) {
        this.copy = copy;
        this.read = read;
        this.clear = clear;
    }

    static ToolClipboard of(String kind, String toolPath) {
        Path tool = Path.of(toolPath);
        return switch (kind) {
            case "wl-copy" -> new ToolClipboard(offersSensitive(toolPath) ? List.of(toolPath, "--sensitive") : List.of(toolPath),
                    List.of(tool.resolveSibling("wl-paste").toString(), "--no-newline"),
                    List.of(toolPath, "--clear"));
            case "xclip" -> new ToolClipboard(List.of(toolPath, "-selection", "clipboard", "-in"),
                    List.of(toolPath, "-selection", "clipboard", "-out"),
                    List.of(toolPath, "-selection", "clipboard", "-in"));
            case "xsel" -> new ToolClipboard(List.of(toolPath, "--clipboard", "--input"),
                    List.of(toolPath, "--clipboard", "--output"),
                    List.of(toolPath, "--clipboard", "--clear"));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /**
     * Whether this {@code wl-copy} lists a {@code --sensitive} option in its help: builds that
     * have it offer the {@code x-kde-passwordManagerHint} type with the text, so that clipboard
     * histories (KDE's, CopyQ, cliphist) do not keep the value. Released wl-copy, xclip and xsel
     * offer one type per copy, so they cannot carry that hint.
     */
    private static boolean offersSensitive(String toolPath) {
        try {
            Process help = new ProcessBuilder(toolPath, "--help").redirectErrorStream(true).start();
            help.getOutputStream().close();
            byte[] text;
            try (InputStream out = help.getInputStream()) {
                text = out.readNBytes(64 * 1024);
            }
            if (!help.waitFor(TOOL_SECONDS, TimeUnit.SECONDS)) {
                help.destroyForcibly();
                return false;
            }
            return new String(text, java.nio.charset.StandardCharsets.UTF_8).contains("--sensitive");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void copy(byte[] utf8) throws IOException {
        run(copy, utf8, false);
    }

    @Override
    public byte[] read() throws IOException {
        return run(read, new byte[0], true);
    }

    @Override
    public void clear() throws IOException {
        run(clear, new byte[0], false);
    }

    private static byte[] run(List<String> command, byte[] input, boolean capture) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        if (!capture) {
            // xclip and wl-copy fork a server that keeps stdout open: never wait on it
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(input);
        }
        byte[] output = null;
        if (capture) {
            try (InputStream out = process.getInputStream()) {
                output = out.readNBytes(1 << 20);
            }
        }
        try {
            if (!process.waitFor(TOOL_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (process.exitValue() != 0) {
            throw new IOException(Path.of(command.get(0)).getFileName() + " failed with status " + process.exitValue());
        }
        return output;
    }
}
