package io.keystash.cli.demo;

import io.keystash.cli.Keystash;
import io.keystash.cli.launch.Installation;
import io.keystash.cli.launch.JavaRuntime;
import io.keystash.vault.Failure;
import io.keystash.vault.Secret;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.audit.Actor;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.UnlockSources;
import picocli.CommandLine.Command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code keystash demo}: on a throwaway vault in a temporary folder (never the user's), stores two
 * sample keys, binds them into a profile, launches {@link DemoProgram} with the agent, shows what
 * it saw (masked), and proves from outside that its environment block and command line hold no
 * secret. Then removes the folder. Exit 1 if the proof fails.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"A self-contained tour on a throwaway vault: stores two sample keys, makes a "
                + "profile, launches a small Java program with the agent, shows what it saw "
                + "(masked) and proves from outside that its environment block holds no secret. "
                + "Your own vault is not touched."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./mvnw -q -DskipTests package && cli/target/keystash demo"})
public final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    private static final String PROFILE = "demo";
    private static final long PROGRAM_SECONDS = 60;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final Keystash root;
    private final Installation installation;

    public DemoCommand(Keystash root) {
        this(root, Installation.current());
    }

    /** The demo with the agent jar of {@code installation} (tests choose one). */
    DemoCommand(Keystash root, Installation installation) {
        this.root = root;
        this.installation = installation;
    }

    @Override
    public Integer call() throws VaultException, IOException {
        Path agent = installation.agentJar();
        PrintStream out = root.context().out();
        Path folder = Files.createTempDirectory("keystash-demo-");
        try {
            return tour(out, agent, folder);
        } finally {
            deleteTree(folder);
            out.println();
            out.println("6. Removed " + folder + ". Your own vault was not touched.");
            out.flush();
        }
    }

    private int tour(PrintStream out, Path agent, Path folder) throws VaultException, IOException {
        VaultStore store = VaultStore.at(VaultPaths.of(folder.resolve("vault")));
        Path keyFile = folder.resolve("demo.key");
        String openai = "sk-demo" + random(40);
        String anthropic = "sk-ant-demo" + random(40);
        out.println("1. A throwaway vault in " + folder + ", unlocked by a new key file.");
        try (KeyFileKey key = KeyFileKey.generate()) {
            key.writeNew(keyFile);
            store.create(key, null);
            store.update(key, AuditEvent.of("demo").profile(PROFILE), vault -> {
                String actor = Actor.current().userAtHost();
                vault.storeKey("openai-demo", KeyMetadata.builder().provider("openai").env("OPENAI_API_KEY").build(),
                        secret(openai), actor);
                vault.storeKey("anthropic-demo", KeyMetadata.builder().provider("anthropic").env("ANTHROPIC_API_KEY")
                        .property("anthropic.api.key").build(), secret(anthropic), actor);
                vault.createProfile(PROFILE);
                vault.bind(PROFILE, new Binding("openai-demo", "OPENAI_API_KEY", null));
                vault.bind(PROFILE, new Binding("anthropic-demo", "ANTHROPIC_API_KEY", "anthropic.api.key"));
                return null;
            });
        }
        out.println("2. Stored two sample keys: openai-demo " + DemoProgram.masked(openai) + ",");
        out.println("   anthropic-demo " + DemoProgram.masked(anthropic) + ".");
        out.println("3. Profile 'demo' serves them as OPENAI_API_KEY, ANTHROPIC_API_KEY and -Danthropic.api.key.");
        List<String> command = new ArrayList<>(JavaRuntime.current().command());
        command.add("-javaagent:" + agent + "=profile=" + PROFILE + ",vault=" + store.paths().vaultFile() + ",keyfile=" + keyFile);
        command.addAll(List.of("-cp", Installation.codeLocation().toString(), DemoProgram.class.getName()));
        out.println("4. Launching a plain Java program with the agent:");
        out.println("   java -javaagent:" + agent.getFileName() + "=profile=demo,vault=...,keyfile=... " + DemoProgram.class.getSimpleName());
        out.flush();
        return launchAndInspect(out, command, List.of(openai, anthropic));
    }

    private int launchAndInspect(PrintStream out, List<String> command, List<String> secrets) throws VaultException, IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(root.context().environment());
        UnlockSources.VARIABLES.forEach(environment::remove);
        environment.keySet().removeIf(name -> name.startsWith("KEYSTASH_") || name.equals("JAVA_TOOL_OPTIONS"));
        Process program = builder.start();
        boolean proofFailed = false;
        boolean sawReady = false;
        StringBuilder shown = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(program.getInputStream(), StandardCharsets.UTF_8));
             OutputStream toProgram = program.getOutputStream()) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith(DemoProgram.READY)) {
                    sawReady = true;
                    boolean sawValues = secrets.stream().allMatch(secret -> shown.indexOf(DemoProgram.masked(secret)) >= 0);
                    proofFailed = !prove(out, program.pid(), secrets, sawValues);
                    toProgram.write('\n');
                    toProgram.flush();
                } else {
                    shown.append(line).append('\n');
                    out.println("   | " + line);
                    out.flush();
                }
            }
        } finally {
            try {
                if (!program.waitFor(PROGRAM_SECONDS, TimeUnit.SECONDS)) {
                    program.destroyForcibly();
                }
            } catch (InterruptedException e) {
                program.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (!sawReady) {
            throw new VaultException(Failure.IO, "the demo program did not start properly (status "
                    + (program.isAlive() ? "unknown" : String.valueOf(program.exitValue())) + "; its output is above)");
        }
        if (proofFailed) {
            root.context().err().println("keystash: the demo's proof failed (see above); please report this");
            return 1;
        }
        return 0;
    }

    /** True when the program saw the values and neither its environment block nor its command line holds one. */
    private static boolean prove(PrintStream out, long pid, List<String> secrets, boolean sawValues) {
        out.println("5. The program saw the stored values (lengths and fingerprints match): " + (sawValues ? "yes" : "NO"));
        out.println("   Looking at it from outside (pid " + pid + "):");
        if (!sawValues) {
            return false;
        }
        if (!ProcessInspection.supported()) {
            out.println("   (skipped: /proc is not available on this system, so the environment block cannot "
                    + "be read from outside)");
            return true;
        }
        ProcessInspection inspection = new ProcessInspection(pid);
        try {
            byte[] environ = inspection.environ();
            byte[] cmdline = inspection.cmdline();
            boolean inEnviron = ProcessInspection.containsAny(environ, secrets);
            boolean inCmdline = ProcessInspection.containsAny(cmdline, secrets);
            out.println("   /proc/" + pid + "/environ: " + ProcessInspection.entries(environ) + " variables, "
                    + (inEnviron ? "A SECRET IS THERE" : "no secret among them"));
            out.println("   /proc/" + pid + "/cmdline: " + (inCmdline ? "A SECRET IS THERE" : "no secret"));
            out.println("   The program read its keys through System.getenv/getProperty; they never sat in "
                    + "its environment block.");
            out.flush();
            return !inEnviron && !inCmdline;
        } catch (IOException e) {
            out.println("   (could not read /proc/" + pid + ": " + e.getMessage() + ")");
            return true;
        }
    }

    private static Secret secret(String value) throws VaultException {
        return Secret.ofUtf8(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String random(int length) {
        SecureRandom random = new SecureRandom();
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    private static void deleteTree(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // reported below if the folder stays
                }
            });
        } catch (IOException e) {
            // reported below
        }
    }
}
