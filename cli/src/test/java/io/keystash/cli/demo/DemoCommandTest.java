package io.keystash.cli.demo;

import io.keystash.cli.CliContext;
import io.keystash.cli.Keystash;
import io.keystash.cli.ScriptedTerminal;
import io.keystash.cli.launch.Installation;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The demo in-process, with the agent jar chosen by the test: none (a clear failure), or one that
 * serves nothing (the proof must fail). The tour with the real agent jar is DemoIT's.
 */
class DemoCommandTest {
    @TempDir
    Path folder;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Keystash root() {
        Map<String, String> environment = Map.of("KEYSTASH_HOME", folder.resolve("home").toString(),
                "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        return new Keystash(new CliContext(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                ScriptedTerminal.none(), environment, folder.toString()));
    }

    @Test
    void withoutTheAgentJarItSaysWhereItLookedAndDoesNothing() throws IOException {
        Path installed = Files.createDirectories(folder.resolve("install/cli/target"));
        assertThatThrownBy(() -> new DemoCommand(root(), Installation.at(installed)).call())
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.IO))
                .hasMessageStartingWith("keystash-agent.jar not found (looked in " + installed)
                .hasMessageContaining(folder.resolve("install/agent/target").toString())
                .hasMessageEndingWith("build it with: ./mvnw -q -DskipTests package");
        assertThat(out.size()).as("nothing printed, no throwaway vault made").isZero();
        assertThat(Files.exists(folder.resolve("home"))).isFalse();
    }

    @Test
    void anAgentThatServesNothingFailsTheProof() throws Exception {
        Path installed = Files.createDirectories(folder.resolve("install"));
        writeAgentJar(installed.resolve(Installation.AGENT_JAR), DoNothingAgent.class);

        int status = new DemoCommand(root(), Installation.at(installed)).call();

        String shown = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(shown).isEqualTo(1);
        assertThat(shown).contains("System.getenv(\"OPENAI_API_KEY\")").contains("(not set)")
                .contains("saw the stored values (lengths and fingerprints match): NO")
                .doesNotContain("no secret among them").contains("Removed");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("keystash: the demo's proof failed (see above); please report this\n");
        String removed = shown.lines().filter(line -> line.contains("Removed ")).findFirst().orElseThrow();
        Path temp = Path.of(removed.replaceFirst(".*Removed ", "").replaceFirst("\\. Your own.*", ""));
        assertThat(temp).doesNotExist();
        assertThat(Files.exists(folder.resolve("home"))).as("the user's vault is never created").isFalse();
    }

    @Test
    void masksValuesWithLengthAndFingerprint() {
        assertThat(DemoProgram.masked("sk-abcdefgh")).startsWith("sk-a...(11 chars, sha256 ").doesNotContain("bcdefgh");
        assertThat(DemoProgram.masked(null)).isEqualTo("(not set)");
    }

    /** A jar whose manifest names {@code agent} as its {@code Premain-Class}, holding that class. */
    private static void writeAgentJar(Path jar, Class<?> agent) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", agent.getName());
        String entry = agent.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream classFile = agent.getResourceAsStream("/" + entry)) {
            out.putNextEntry(new JarEntry(entry));
            classFile.transferTo(out);
            out.closeEntry();
        }
    }
}
