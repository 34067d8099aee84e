package io.keystash.cli.session;

import io.keystash.cli.Keystash;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.format.VaultId;
import io.keystash.vault.session.SessionPlace;
import io.keystash.vault.storage.SecureFiles;
import io.keystash.vault.storage.TrustedPaths;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.SlotKey;
import io.keystash.vault.unlock.UnlockSources;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts the session process: the same CLI code in a JVM of its own ({@link SessionServeCommand}),
 * detached so that it outlives the terminal — {@code setsid} gives it a session of its own with no
 * controlling terminal (else {@code nohup} makes it ignore the hang-up) — with its standard error
 * going to the session's log file (0600) and its working folder {@code /}.
 *
 * <p>What it gets: the slot key on standard input, the vault and limits on its command line, and
 * this environment without the unlock variables. Nothing secret is in its command line or
 * environment ({@code /proc/PID/cmdline}, {@code /proc/PID/environ}). Its JVM is small (32 MiB
 * heap), refuses attach (a debugger or {@code jcmd} could read the key otherwise), and inherits
 * the launcher's core-dump limit of 0.
 */
final class SessionLauncher {
    static final Duration READY_WAIT = Duration.ofSeconds(30);
    private static final List<Path> DETACHERS = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
    private static final List<Path> NOHUPS = List.of(Path.of("/usr/bin/nohup"), Path.of("/bin/nohup"));

    private SessionLauncher() {
    }

    /** Starts the session and returns when it listens: its end time. */
    static Instant start(Keystash root, SessionPlace place, SlotKey key, VaultId vaultId, Duration lifetime, Duration idle,
                         Duration waitForLock) throws VaultException {
        TrustedPaths.createTrustedFolder(place.folder(), "unlock session folder");
        Path log = freshLog(place.logFile());
        ProcessBuilder builder = new ProcessBuilder(command(root, lifetime, idle, waitForLock))
                .directory(new File("/"))
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(root.context().environment());
        UnlockSources.VARIABLES.forEach(environment::remove);
        // The session runs in "/": a relative KEYSTASH_HOME would name another folder there.
        environment.put(VaultPaths.HOME_VARIABLE, root.vaultAccess().paths().home().toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new VaultException(Failure.IO, "cannot start the unlock session process: " + e.getMessage());
        }
        try (OutputStream in = process.getOutputStream()) {
            SessionHandoff.send(in, key, vaultId);
        } catch (IOException e) {
            process.destroyForcibly();
            throw new VaultException(Failure.IO, "cannot hand the key to the unlock session process: " + e.getMessage()
                    + " (see " + log + ")");
        }
        String line = readyLine(process, log);
        if (line != null && line.startsWith("ready ")) {
            return Instant.ofEpochMilli(Long.parseLong(line.substring("ready ".length()).trim()));
        }
        if (line != null && line.startsWith("error ")) {
            String[] parts = line.split(" ", 3);
            throw new VaultException(failureOf(parts[1]), parts.length > 2 ? parts[2] : "the unlock session did not start");
        }
        process.destroyForcibly();
        throw new VaultException(Failure.IO, "the unlock session process did not start (see " + log + ")");
    }

    private static List<String> command(Keystash root, Duration lifetime, Duration idle, Duration waitForLock) {
        List<String> command = new ArrayList<>();
        Path detacher = firstExecutable(DETACHERS);
        if (detacher == null) {
            detacher = firstExecutable(NOHUPS);
        }
        if (detacher != null) {
            command.add(detacher.toString());
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Not the CLI's C1-only flag: the session lives for hours, and its per-request work (an X25519
        // agreement per slot) gets C2's code once it has served a few requests.
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto", "-XX:CICompilerCount=2",
                "-Xmx32m", "-Xss512k", "-XX:+DisableAttachMechanism", "-Xlog:disable", "-Xlog:all=warning:stderr",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ssXXX",
                "-Dorg.slf4j.simpleLogger.showThreadName=false",
                "-Dorg.slf4j.simpleLogger.showShortLogName=true",
                "-cp", absoluteClassPath(), Keystash.class.getName(),
                "--vault", root.vaultAccess().paths().vaultFile().toString(),
                SessionServeCommand.NAME, "--for-ms", Long.toString(lifetime.toMillis())));
        if (idle != null) {
            command.addAll(List.of("--idle-ms", Long.toString(idle.toMillis())));
        }
        if (!waitForLock.isZero()) {
            command.addAll(List.of("--wait-lock-ms", Long.toString(waitForLock.toMillis())));
        }
        return command;
    }

    /** This JVM's class path with every entry absolute (the session runs in "/"). */
    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** An empty log file, 0600, for this session (the last session's log is replaced). */
    private static Path freshLog(Path log) throws VaultException {
        try {
            if (Files.exists(log, LinkOption.NOFOLLOW_LINKS)) {
                TrustedPaths.requireTrustedFile(log, "unlock session log");
                Files.delete(log);
            }
        } catch (IOException e) {
            throw new VaultException(Failure.IO, "cannot replace the unlock session log " + log + ": " + e.getMessage());
        }
        SecureFiles.writeNewPrivateFile(log, new byte[0]);
        return log;
    }

    private static String readyLine(Process process, Path log) throws VaultException {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                return reader.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            return line.get(READY_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new VaultException(Failure.IO, "the unlock session process did not get ready within "
                    + READY_WAIT.toSeconds() + " s (see " + log + ")");
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new VaultException(Failure.IO, "interrupted while the unlock session started");
        }
    }

    private static Failure failureOf(String status) {
        for (Failure failure : Failure.values()) {
            if (Integer.toString(failure.exitStatus()).equals(status)) {
                return failure;
            }
        }
        return Failure.IO;
    }

    private static Path firstExecutable(List<Path> candidates) {
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
