package io.keystash.cli.clipboard;

import io.keystash.cli.CliContext;
import io.keystash.cli.launch.JavaRuntime;
import io.keystash.vault.Failure;
import io.keystash.vault.Secret;
import io.keystash.vault.VaultException;
import io.keystash.vault.unlock.UnlockSources;

import java.awt.GraphicsEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Finds a clipboard and hands a value to a {@link ClipboardKeeper} that copies and later clears it. */
public final class ClipboardCopy {
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(20);

    private final CliContext context;
    private final String kind;
    private final String toolPath;

    private ClipboardCopy(CliContext context, String kind, String toolPath) {
        this.context = context;
        this.kind = kind;
        this.toolPath = toolPath;
    }

    /**
     * The clipboard of this session: AWT when there is a display and Java is not headless, else
     * {@code wl-copy} (Wayland), {@code xclip} or {@code xsel} (X11) from PATH. None: an I/O failure.
     */
    public static ClipboardCopy detect(CliContext context) throws VaultException {
        Map<String, String> env = context.environment();
        boolean x11 = isSet(env, "DISPLAY");
        boolean wayland = isSet(env, "WAYLAND_DISPLAY");
        if (x11 && !GraphicsEnvironment.isHeadless()) {
            return new ClipboardCopy(context, "awt", "");
        }
        if (wayland) {
            Path wlCopy = onPath(env, "wl-copy");
            if (wlCopy != null && Files.isExecutable(wlCopy.resolveSibling("wl-paste"))) {
                return new ClipboardCopy(context, "wl-copy", wlCopy.toString());
            }
        }
        if (x11) {
            for (String tool : List.of("xclip", "xsel")) {
                Path found = onPath(env, tool);
                if (found != null) {
                    return new ClipboardCopy(context, tool, found.toString());
                }
            }
        }
        throw new VaultException(Failure.IO, "no clipboard available: no desktop session (DISPLAY or WAYLAND_DISPLAY)"
                + " with AWT, wl-copy, xclip or xsel; print the value with: keystash get NAME");
    }

    /** For the confirmation line: {@code wl-copy}, {@code xclip}, {@code xsel} or {@code AWT}. */
    public String describe() {
        return kind.equals("awt") ? "AWT" : kind;
    }

    /** Starts the keeper, sends it the value on stdin, and waits for its answer. */
    public void copyAndClearLater(Secret value, Duration clearAfter) throws VaultException {
        List<String> command = new ArrayList<>(JavaRuntime.current().command());
        command.addAll(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), ClipboardKeeper.class.getName(),
                String.valueOf(Math.max(0, clearAfter.toSeconds())), kind, toolPath));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(context.environment());
        UnlockSources.VARIABLES.forEach(builder.environment()::remove);
        Process keeper;
        try {
            keeper = builder.start();
            try (OutputStream in = keeper.getOutputStream()) {
                value.writeTo(in);
            }
        } catch (IOException e) {
            throw new VaultException(Failure.IO, "cannot start the clipboard helper: " + e.getMessage());
        }
        String answer = awaitAnswer(keeper);
        if (!ClipboardKeeper.COPIED.equals(answer)) {
            throw new VaultException(Failure.IO, "could not copy to the clipboard"
                    + (answer == null ? "" : ": " + answer.replaceFirst("^error: ", "")));
        }
    }

    private static String awaitAnswer(Process keeper) throws VaultException {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(keeper.getInputStream(), StandardCharsets.UTF_8))) {
                return reader.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            return line.get(ANSWER_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            keeper.destroyForcibly();
            throw new VaultException(Failure.IO, "the clipboard helper did not answer in " + ANSWER_WAIT.toSeconds() + " s");
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean isSet(Map<String, String> env, String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    private static Path onPath(Map<String, String> env, String tool) {
        String path = env.get("PATH");
        if (path == null) {
            return null;
        }
        for (String folder : path.split(java.io.File.pathSeparator)) {
            if (folder.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(folder, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        return null;
    }
}
