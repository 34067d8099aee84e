package io.keystash.it.cli;

import io.keystash.it.cli.programs.MaskedKeyApp;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import io.keystash.it.support.KeystashCli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static io.keystash.it.support.Hashes.sha256Hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The first five minutes on a terminal, typed as a person would on a pseudo-terminal (util-linux
 * {@code script}), with a fresh {@code KEYSTASH_HOME} and nothing else: {@code keystash setup openai}
 * (a new passphrase twice, then the key), then {@code java $(keystash agent-line) -jar app.jar},
 * answering the agent's prompt. The screen must show the program's masked key, never the key or
 * the passphrase, and the terminal's echo must be on again afterwards ({@code stty -a}), also
 * after a Ctrl-C at the agent's prompt. Runs the program on every JDK found.
 */
class FirstRunIT {
    private static final String PASSPHRASE = "first five minutes " + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    private static final String ECHO_ON = "(^|[\\s;])echo([\\s;]|$)";
    private static final String ECHO_OFF = "(^|[\\s;])-echo([\\s;]|$)";

    @TempDir
    Path folder;
    KeystashCli cli;
    String key;
    Path app;

    @BeforeEach
    void freshMachine() throws IOException {
        assumeTrue(PseudoTerminal.available(), "util-linux 'script' is not installed: pseudo-terminal tests skipped");
        cli = new KeystashCli(folder);
        cli.env("PATH", Artifacts.cliDir() + ":" + cli.environment().get("PATH"));
        key = "sk-proj-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
        app = appJar(folder.resolve("app.jar"));
    }

    static List<Jdk> jdks() {
        return Jdks.matrix();
    }

    /** {@code keystash setup openai} on a fresh home, typed: the vault is made, the key stored and bound. */
    private void setupOnTerminal() throws Exception {
        try (PseudoTerminal terminal = PseudoTerminal.start("keystash setup openai", cli.environment())) {
            int at = terminal.expect("New vault passphrase: ", 0);
            terminal.type(PASSPHRASE);
            at = terminal.expect("Repeat vault passphrase: ", at);
            terminal.type(PASSPHRASE);
            at = terminal.expect("Paste your OpenAI key (input hidden): ", at);
            terminal.type(key);
            assertThat(terminal.exitStatus()).as(terminal.screen()).isZero();
            String screen = terminal.screen();
            assertThat(screen).contains("Setting up OpenAI: key 'openai' served as OPENAI_API_KEY, in profile 'default'.")
                    .contains("No vault at " + cli.vaultFile() + " yet: choose a passphrase for a new one.")
                    .contains("Passphrase strength: ")
                    .contains("Created vault " + cli.vaultFile() + " (unlock with: the passphrase you typed).")
                    .contains("Stored 'openai' and bound it into profile 'default' as OPENAI_API_KEY.")
                    .contains("-javaagent:" + Artifacts.agentJar() + "=profile=default");
            assertNothingSecretIn(screen);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void fromNothingToAProgramReadingItsKeyInTwoCommands(Jdk jdk) throws Exception {
        Jdks.assumePresent(jdk);
        setupOnTerminal();
        Path modes = folder.resolve("stty.txt");
        String run = "'" + jdk.java() + "' $(keystash agent-line) -jar '" + app + "'; echo status=$?; stty -a > '" + modes + "'";
        try (PseudoTerminal terminal = PseudoTerminal.start(run, cli.environment())) {
            int at = terminal.expect("keystash-agent: passphrase for " + cli.vaultFile() + ": ", 0);
            terminal.type(PASSPHRASE);
            at = terminal.expect("OPENAI_API_KEY sk-*** (" + key.length() + " characters, sha256 " + sha256Hex(key).substring(0, 12) + ")", at);
            terminal.expect("status=0", at);
            assertThat(terminal.exitStatus()).as(terminal.screen()).isZero();
            assertNothingSecretIn(terminal.screen());
        }
        assertEchoOn(Files.readString(modes));
    }

    @Test
    void ctrlCAtTheAgentsPromptStopsTheProgramAndLeavesTheTerminalEchoing() throws Exception {
        setupOnTerminal();
        Path modes = folder.resolve("stty.txt");
        String run = "trap 'true' INT; java $(keystash agent-line) -jar '" + app + "'; echo status=$?; stty -a > '" + modes + "'";
        try (PseudoTerminal terminal = PseudoTerminal.start(run, cli.environment())) {
            int at = terminal.expect("keystash-agent: passphrase for ", 0);
            Thread.sleep(300); // echo goes off before the prompt shows; give stty a moment to be done
            terminal.press("\u0003");
            terminal.expect("status=130", at);
            assertThat(terminal.exitStatus()).as(terminal.screen()).isZero();
            assertThat(terminal.screen()).doesNotContain("OPENAI_API_KEY");
        }
        assertEchoOn(Files.readString(modes));
    }

    @Test
    void enterAloneOrAWrongPassphraseIsOneLineAndStatus78() throws Exception {
        setupOnTerminal();
        String run = "java $(keystash agent-line) -jar '" + app + "'; echo status=$?";
        try (PseudoTerminal terminal = PseudoTerminal.start(run, cli.environment())) {
            int at = terminal.expect("keystash-agent: passphrase for ", 0);
            terminal.type("");
            at = terminal.expect("keystash-agent: vault is locked: no passphrase was typed; start again and type it, "
                    + "or unlock it for a while with: keystash unlock", at);
            terminal.expect("status=78", at);
            assertThat(terminal.exitStatus()).isZero();
        }
        try (PseudoTerminal terminal = PseudoTerminal.start(run, cli.environment())) {
            int at = terminal.expect("keystash-agent: passphrase for ", 0);
            terminal.type("not " + PASSPHRASE);
            at = terminal.expect("keystash-agent: wrong passphrase or key (terminal prompt); try again, or see the ways in "
                    + "the vault has with: keystash doctor", at);
            terminal.expect("status=78", at);
            assertThat(terminal.exitStatus()).isZero();
            assertThat(terminal.screen()).doesNotContain("OPENAI_API_KEY").doesNotContain(PASSPHRASE);
        }
    }

    @Test
    void withoutATerminalOrInTheBackgroundOrWithPromptOffNobodyIsAsked() throws Exception {
        setupOnTerminal();
        String locked = "keystash-agent: vault is locked: give the agent option identity=FILE, keyfile=FILE, passphrase-file=FILE or passphrase-command=CMD";
        // No controlling terminal at all, as under a service manager or CI (setsid: a new session without one).
        KeystashCli.Result plain = cli.shell("setsid -w java $(keystash agent-line) -jar '" + app + "'");
        assertThat(plain.status()).isEqualTo(78);
        assertThat(plain.err().strip()).startsWith(locked)
                .endsWith("or start the program from a terminal (in the foreground, input not redirected) to be asked; "
                        + "or unlock it for a while with: keystash unlock");
        assertThat(plain.out()).isEmpty();
        // A terminal, but the program runs as a background job: reading the terminal would stop it.
        String background = "set -m; java $(keystash agent-line) -jar '" + app + "' & wait $!; echo status=$?";
        try (PseudoTerminal terminal = PseudoTerminal.start(background, cli.environment())) {
            int at = terminal.expect(locked, 0);
            terminal.expect("status=78", at);
            assertThat(terminal.exitStatus()).isZero();
            assertThat(terminal.screen()).doesNotContain("passphrase for");
        }
        // A terminal, but standard input redirected, as a build tool's forked JVM: nobody there to answer.
        String redirected = "java $(keystash agent-line) -jar '" + app + "' < /dev/null; echo status=$?";
        try (PseudoTerminal terminal = PseudoTerminal.start(redirected, cli.environment())) {
            int at = terminal.expect(locked, 0);
            terminal.expect("status=78", at);
            assertThat(terminal.exitStatus()).isZero();
            assertThat(terminal.screen()).doesNotContain("passphrase for");
        }
        // prompt=off: never asked, even in the foreground of a terminal.
        String off = "java $(keystash agent-line),prompt=off -jar '" + app + "'; echo status=$?";
        try (PseudoTerminal terminal = PseudoTerminal.start(off, cli.environment())) {
            int at = terminal.expect(locked, 0);
            terminal.expect("status=78", at);
            assertThat(terminal.exitStatus()).isZero();
            assertThat(terminal.screen()).doesNotContain("passphrase for");
        }
    }

    private void assertNothingSecretIn(String screen) {
        assertThat(screen.contains(key)).as("the key appears on the screen").isFalse();
        assertThat(screen.contains(PASSPHRASE)).as("the passphrase appears on the screen").isFalse();
    }

    private static void assertEchoOn(String sttyAll) {
        assertThat(sttyAll).as("stty -a afterwards: %s", sttyAll).containsPattern(ECHO_ON).doesNotContainPattern(ECHO_OFF);
    }

    /** {@code app.jar}: {@link MaskedKeyApp} with a {@code Main-Class}, as a person's application. */
    static Path appJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, MaskedKeyApp.class.getName());
        String entry = MaskedKeyApp.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest);
             InputStream classFile = MaskedKeyApp.class.getResourceAsStream("/" + entry)) {
            jarOut.putNextEntry(new JarEntry(entry));
            classFile.transferTo(jarOut);
            jarOut.closeEntry();
        }
        return jar;
    }
}
