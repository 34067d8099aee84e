package io.keystash.cli;

import io.keystash.cli.terminal.Terminal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Runs {@code keystash} in-process against a vault in a temp folder, with a given stdin and
 * terminal, capturing stdout and stderr. Unlocks with a key file (no KDF) unless a test says otherwise.
 */
public final class CliHarness {
    private final Path home;
    private final Map<String, String> environment = new HashMap<>();

    public CliHarness(Path folder) {
        this.home = folder.resolve("home");
        environment.put("KEYSTASH_HOME", home.toString());
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    /** A harness with a vault already created and unlocked by {@code keyFile()}. */
    public static CliHarness withVault(Path folder) {
        CliHarness cli = new CliHarness(folder);
        Result init = cli.run("--key-file", cli.keyFile().toString(), "init");
        if (init.status() != 0) {
            throw new IllegalStateException("init failed: " + init.err());
        }
        cli.env("KEYSTASH_KEY_FILE", cli.keyFile().toString());
        return cli;
    }

    public Path home() {
        return home;
    }

    public Path vaultFile() {
        return home.resolve("vault");
    }

    public Path keyFile() {
        return home.getParent().resolve("app.key");
    }

    public CliHarness env(String name, String value) {
        if (value == null) {
            environment.remove(name);
        } else {
            environment.put(name, value);
        }
        return this;
    }

    /** Runs with no stdin (empty) and no terminal. */
    public Result run(String... args) {
        return run(new byte[0], ScriptedTerminal.none(), args);
    }

    /** Runs with {@code stdin} piped in and no terminal. */
    public Result runWithInput(String stdin, String... args) {
        return run(stdin.getBytes(StandardCharsets.UTF_8), ScriptedTerminal.none(), args);
    }

    public Result run(byte[] stdin, Terminal terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext context = new CliContext(new ByteArrayInputStream(stdin),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                terminal, environment, home.getParent().toString());
        int status = Keystash.run(context, args);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Stores {@code value} under {@code name} with extra {@code store} options; fails the test if it cannot. */
    public void store(String name, String value, String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "store";
        args[1] = name;
        System.arraycopy(options, 0, args, 2, options.length);
        Result result = runWithInput(value, args);
        if (result.status() != 0) {
            throw new IllegalStateException("store failed: " + result.err());
        }
    }

    public byte[] vaultBytes() throws IOException {
        return Files.readAllBytes(vaultFile());
    }

    /** SHA-256 of a text, for comparing secrets without printing them. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a run did. toString names the status and stderr only: stdout may hold a secret. */
    public record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "Result[status=" + status + ", err=" + err.strip() + "]";
        }
    }
}
