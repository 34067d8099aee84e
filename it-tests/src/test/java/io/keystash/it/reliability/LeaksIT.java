package io.keystash.it.reliability;

import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import io.keystash.it.support.ProcFiles;
import io.keystash.it.support.ProcessResult;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scripted session of the CLI and the agent with unique canary values, then a search for them
 * (as typed, base64, hex, UTF-16) in every file under KEYSTASH_HOME and the temp folder, the
 * stdout and stderr of every command except {@code get} and {@code profile load}, the audit log,
 * and {@code /proc/PID/environ} and {@code /proc/PID/cmdline} of the agent's JVM and of a child
 * it starts. A heap dump of the agent-run JVM after the profile is loaded is reported, not failed.
 */
class LeaksIT {
    private static final String MASTER = "master-passphrase-for-the-leak-test";

    @TempDir
    Path folder;

    @Test
    void canariesAppearNowhereButWhereTheUserAskedForThem() throws Exception {
        Assumptions.assumeTrue(ProcFiles.available(), "no /proc on this system");
        Canary first = Canary.fresh("sk-leak");
        Canary second = Canary.fresh("sk-leak2");
        Canary newPassphrase = Canary.fresh("pp-leak");
        Canary rotated = Canary.fresh("sk-leak-rot");
        Canary imported = Canary.fresh("sk-leak-env");
        List<Canary> canaries = List.of(first, second, newPassphrase, rotated, imported);
        KeystashCli cli = new KeystashCli(folder.resolve("session")).env("API_KEY_MASTER", MASTER);
        ok(cli.run("--key-file", cli.keyFile().toString(), "init"));
        cli.env("KEYSTASH_KEY_FILE", cli.keyFile().toString()).env("API_KEY_MASTER", null);
        ok(cli.runWithInput(first.value() + "\n", "store", "openai", "--provider", "openai"));
        ok(cli.runWithInput("other-value", "store", "other", "--env", "OTHER"));
        ok(cli.run("list"));
        ok(cli.run("list", "--json"));
        ok(cli.run("profile", "create", "dev"));
        ok(cli.run("profile", "add-key", "dev", "openai"));
        ok(cli.run("profile", "add-key", "dev", "other"));
        ok(cli.run("profile", "show", "dev"));
        ok(cli.run("profile", "list"));
        ok(cli.run("get", "openai"));
        ok(cli.run("profile", "load", "dev", "--export"));
        KeystashCli.Result run = cli.run("run", "--profile", "dev", "--", "sh", "-c", "printf %s \"$OPENAI_API_KEY\" | sha256sum");
        ok(run);
        assertThat(run.out()).as("run gave the program the value").startsWith(first.sha256());
        ok(cli.run("agent-line", "--profile", "dev"));
        ok(cli.runWithInput(second.value(), "store", "openai", "--provider", "openai", "--force"));
        ok(cli.run("get", "openai", "--version", "1"));
        ok(cli.run("delete", "other", "--yes"));
        ok(cli.runWithInput(newPassphrase.value(), "passwd"));
        ok(cli.run("keyfile", "create", cli.folder().resolve("second.key").toString()));
        // rotation: a new value (backup first), then back to the second value, as a new version
        ok(cli.runWithInput(rotated.value() + "\n", "rotate", "openai", "--rotate-every", "10d"));
        ok(cli.run("rollback", "openai"));
        ok(cli.run("history"));
        ok(cli.run("history", "openai", "--json"));
        ok(cli.run("report"));
        ok(cli.run("report", "--json"));
        assertThat(cli.run("check-expiry", "--within", "30d").status()).as("the key expires within 30 days").isEqualTo(1);
        assertThat(cli.run("check-expiry", "--within", "30d", "--json").status()).isEqualTo(1);
        ok(cli.run("rotate", "--due", "--dry-run"));
        // export: sealed (beside the vault: searched below), and in clear where the user asked for it
        ok(cli.run("export", cli.folder().resolve("sealed.json").toString(), "--include-secrets"));
        ok(cli.run("export", cli.folder().resolve("config.yaml").toString()));
        Path plain = Files.createDirectories(cli.folder().resolve("plain"));
        Path clear = plain.resolve("clear.json");
        ok(cli.run("export", clear.toString(), "--include-secrets", "--plaintext"));
        // import: a .env file holding a value, and the sealed export into a second vault
        Path dotenv = plain.resolve("in.env");
        Files.writeString(dotenv, "IMPORTED_TOKEN=" + imported.value() + "\n", StandardCharsets.UTF_8);
        ok(cli.run("import", dotenv.toString(), "--profile", "dev"));
        Path otherVault = cli.home().resolve("other.ks");
        Path otherKey = cli.folder().resolve("other.key");
        ok(cli.run("--vault", otherVault.toString(), "--key-file", otherKey.toString(), "init"));
        ok(cli.run("--vault", otherVault.toString(), "--key-file", otherKey.toString(), "import",
                cli.folder().resolve("sealed.json").toString(), "--from-key-file", cli.keyFile().toString()));
        assertThat(cli.run("import", dotenv.toString(), "--profile", "dev", "--format", "json").status())
                .as("a .env file read as JSON is refused").isEqualTo(2);
        assertThat(cli.run("--vault", otherVault.toString(), "--key-file", otherKey.toString(), "import",
                cli.folder().resolve("sealed.json").toString()).status()).as("the sealed part without its key").isEqualTo(3);
        ok(cli.run("audit"));
        ok(cli.run("audit", "--json"));
        ok(cli.run("audit", "--verify"));
        // failures that had the value in hand
        assertThat(cli.runWithInput(first.value(), "store", "openai").status()).isEqualTo(5);
        assertThat(cli.runWithInput(first.value(), "store", "bad name").status()).isEqualTo(2);
        assertThat(cli.runWithInput(first.value(), "store", "x", "--env", "1BAD").status()).isEqualTo(2);
        assertThat(cli.run("get", "missing").status()).isEqualTo(4);
        KeystashCli.Result wrongKey = cli.env("KEYSTASH_KEY_FILE", null).env("API_KEY_MASTER", first.value()).run("list");
        assertThat(wrongKey.status()).isEqualTo(3);
        cli.env("API_KEY_MASTER", null).env("KEYSTASH_KEY_FILE", cli.keyFile().toString());

        int searched = 0;
        for (KeystashCli.Run done : cli.history()) {
            boolean printsValues = done.command().contains("get") || done.command().contains("load");
            for (Canary canary : canaries) {
                if (!printsValues) {
                    assertThat(canary.foundIn(done.result().out())).as("a canary on stdout of %s", done.command()).isFalse();
                }
                assertThat(canary.foundIn(done.result().err())).as("a canary on stderr of %s", done.command()).isFalse();
            }
            searched += printsValues ? 1 : 2;
        }
        int commands = cli.history().size();

        // the agent, with a child process that inherits its environment, and one that does not
        Jdk jdk = Jdks.present().get(0);
        Path heap = folder.resolve("heap");
        Files.createDirectories(heap);
        AgentRun inherit = runAgent(jdk, cli, "children=inherit", null);
        AgentRun none = runAgent(jdk, cli, "children=none", heap.resolve("agent").toString());
        for (AgentRun agent : List.of(inherit, none)) {
            assertThat(agent.result.exitCode()).as("agent run %s", agent.result).isZero();
            assertThat(agent.result.report().get("sha256")).as("the program read the value").isEqualTo(second.sha256());
            for (Canary canary : canaries) {
                assertThat(canary.foundIn(agent.result.stdout() + agent.result.stderr())).as("canary in agent output").isFalse();
                assertThat(canary.foundIn(agent.environ)).as("canary in the agent JVM's /proc/PID/environ").isFalse();
                assertThat(canary.foundIn(agent.cmdline)).as("canary in the agent JVM's /proc/PID/cmdline").isFalse();
                assertThat(canary.foundIn(agent.childCmdline)).as("canary in the child's /proc/PID/cmdline").isFalse();
            }
            assertThat(ProcFiles.contains(agent.childEnviron, "KEYSTASH_KEY_FILE=")).as("unlock variable reached the child").isFalse();
        }
        assertThat(canaries.stream().anyMatch(c -> c.foundIn(none.childEnviron))).as("canary in a children=none child's environ").isFalse();
        // children=inherit passes the profile to children by design (docs/agent.md): the value is there,
        // as the bound variable and nowhere else
        assertThat(entriesWith(inherit.childEnviron, second)).as("the inheriting child's environment entries holding the value")
                .containsExactly("OPENAI_API_KEY");

        // the clear export holds the values, as asked, and only its owner can read it
        String clearText = Files.readString(clear, StandardCharsets.UTF_8);
        assertThat(second.foundIn(clearText) && rotated.foundIn(clearText)).as("the --plaintext export holds the values").isTrue();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(clear)))
                .as("the --plaintext export's mode").isEqualTo("rw-------");

        List<Path> files = new ArrayList<>(filesUnder(cli.home()));
        files.addAll(filesUnder(cli.tmp()));
        files.addAll(filesUnder(cli.folder()).stream().filter(f -> f.getParent().equals(cli.folder())).toList());
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            for (Canary canary : canaries) {
                assertThat(canary.foundIn(content)).as("a canary in file %s", cli.folder().relativize(file)).isFalse();
            }
        }
        assertThat(files).contains(cli.home().resolve("audit.log"), cli.vaultFile(), cli.folder().resolve("sealed.json"),
                cli.folder().resolve("config.yaml"), otherVault);
        long backups = files.stream().filter(f -> f.getFileName().toString().endsWith(".bak")).count();
        assertThat(backups).as("backups of the rotation and the rollback, searched too").isEqualTo(2);

        Summary.passed("leaks", "scripted session: " + commands + " CLI commands (store, rotate, rollback, history, report, "
                        + "check-expiry, export sealed/config/--plaintext, import .env and sealed, passwd, audit, …, incl. failures "
                        + "holding the value), agent runs with children=inherit and children=none; " + canaries.size()
                        + " canaries in 7 forms (text, base64, base64url, hex, HEX, UTF-16LE/BE)",
                searched + files.size() + 2L * 8,
                "none in " + searched + " stdout/stderr streams, " + files.size() + " files under KEYSTASH_HOME (incl. " + backups
                        + " backups and a second vault filled by import), the temp folder and beside the vault (incl. the sealed "
                        + "export), agent output, /proc environ and cmdline of 2 agent JVMs and their children "
                        + "(an inheriting child holds the value only as OPENAI_API_KEY, by design); the --plaintext export "
                        + "holds the values, as asked, mode 0600");
        reportHeap(heap.resolve("agent"), second, jdk);
    }

    private static void reportHeap(Path prefix, Canary value, Jdk jdk) throws IOException {
        HeapDumpScan live = HeapDumpScan.of(Path.of(prefix + "-live.hprof"), value);
        HeapDumpScan all = HeapDumpScan.of(Path.of(prefix + "-all.hprof"), value);
        assertThat(live.arraysScanned).as("the heap dump reader found arrays").isGreaterThan(1000);
        assertThat(all.total()).as("the served value is in the heap (the program read it)").isGreaterThan(0);
        String text = "heap dump of an agent-run JVM (" + jdk + ") after the profile was loaded and the program read the value: "
                + "reachable " + live.describe() + "; all objects incl. garbage " + all.describe();
        System.out.println("[keystash-it] " + text);
        Summary.note(text);
        Files.deleteIfExists(Path.of(prefix + "-live.hprof"));
        Files.deleteIfExists(Path.of(prefix + "-all.hprof"));
    }

    private record AgentRun(ProcessResult result, byte[] environ, byte[] cmdline, byte[] childEnviron, byte[] childCmdline) {
    }

    private static AgentRun runAgent(Jdk jdk, KeystashCli cli, String children, String heapDump) {
        List<String> args = new ArrayList<>(List.of("OPENAI_API_KEY"));
        if (heapDump != null) {
            args.add(heapDump);
        }
        JavaLaunch.RunningProgram program = JavaLaunch.on(jdk)
                .agent(Artifacts.agentJar(), "profile=dev,vault=" + cli.vaultFile() + "," + children)
                .jvmOption("-Djava.io.tmpdir=" + cli.tmp())
                .env("TMPDIR", cli.tmp().toString())
                .env("KEYSTASH_KEY_FILE", cli.keyFile().toString())
                .classPath(Artifacts.testClasses())
                .main(LeakProbeMain.class, args.toArray(String[]::new))
                .startAndAwait("ready");
        byte[] environ = ProcFiles.environ(program.pid());
        byte[] cmdline = ProcFiles.cmdline(program.pid());
        long child = ProcessHandle.of(program.pid()).orElseThrow().children().findFirst().orElseThrow().pid();
        byte[] childEnviron = ProcFiles.environ(child);
        byte[] childCmdline = ProcFiles.cmdline(child);
        ProcessResult result = program.finish();
        return new AgentRun(result, environ, cmdline, childEnviron, childCmdline);
    }

    private static List<String> entriesWith(byte[] environ, Canary canary) {
        List<String> names = new ArrayList<>();
        for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
            if (canary.foundIn(entry)) {
                names.add(entry.substring(0, Math.max(0, entry.indexOf('='))));
            }
        }
        return names;
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private static void ok(KeystashCli.Result result) {
        assertThat(result.status()).as(result.toString()).isZero();
    }
}
