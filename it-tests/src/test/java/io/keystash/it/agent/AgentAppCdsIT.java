package io.keystash.it.agent;

import io.keystash.it.agent.programs.MainRan;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import io.keystash.it.support.ProcessResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static io.keystash.it.agent.AgentRuns.assertNoSecretIn;
import static io.keystash.it.agent.AgentRuns.keyFileOptions;
import static io.keystash.it.agent.AgentRuns.withAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The agent leaves a program's own class-data-sharing archive working. Programs that care about
 * start-up dump one (a dynamic archive with {@code -XX:ArchiveClassesAtExit}, AppCDS, Spring Boot's
 * CDS support) from a training run without the agent, then run with it. The JVM refuses such an
 * archive, with a warning on the program's output, when an agent appends to the boot class path (a
 * {@code Boot-Class-Path} manifest entry) — a loss far larger than anything the agent's own start
 * could save. On every JDK found; and JDK 25's AOT cache, trained the way docs/agent.md says.
 */
class AgentAppCdsIT {
    private static final String MAIN_FROM_ARCHIVE = MainRan.class.getName() + " source: shared objects file";

    @TempDir
    static Path folder;
    static AgentVaults vaults;
    static Path programJar;

    @BeforeAll
    static void createVaultAndProgramJar() throws Exception {
        vaults = AgentVaults.create(folder);
        // CDS archives classes from jars only, not from folders.
        programJar = folder.resolve("program.jar");
        String entry = MainRan.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(programJar); JarOutputStream jar = new JarOutputStream(file)) {
            jar.putNextEntry(new JarEntry(entry));
            jar.write(Files.readAllBytes(Path.of(Artifacts.testClasses()).resolve(entry)));
            jar.closeEntry();
        }
    }

    static List<Jdk> jdks() {
        return Jdks.matrix();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theProgramsDynamicArchiveIsStillUsedUnderTheAgent(Jdk jdk) throws IOException {
        Path archive = folder.resolve("program-" + jdk.major() + ".jsa");
        ProcessResult training = JavaLaunch.on(jdk).jvmOption("-XX:ArchiveClassesAtExit=" + archive)
                .classPath(programJar.toString()).main(MainRan.class).run();
        assertThat(training.exitCode()).as("training run %s", training).isZero();
        // A JDK built without a default CDS archive cannot write a dynamic one: nothing to keep working.
        skipUnless(Files.exists(archive), jdk + " wrote no dynamic CDS archive (" + training.stdout().strip()
                + " " + training.stderr().strip() + ")");

        Path plainLog = folder.resolve("plain-" + jdk.major() + ".log");
        ProcessResult plain = JavaLaunch.on(jdk).jvmOption("-XX:SharedArchiveFile=" + archive)
                .jvmOption("-Xlog:class+load=info:file=" + plainLog)
                .classPath(programJar.toString()).main(MainRan.class).run();
        assertThat(plain.exitCode()).as("exit status of %s", plain).isZero();
        skipUnless(Files.readString(plainLog).contains(MAIN_FROM_ARCHIVE),
                jdk + " does not use its own dynamic archive even without the agent: " + plain.stdout().strip());

        String output = runsFromItsArchiveUnderTheAgent(jdk, "-XX:SharedArchiveFile=" + archive, "agent-" + jdk.major());
        assertThat(output).as("the JVM does not refuse the archive").doesNotContain("Unable to use shared archive")
                .doesNotContain("shared class paths mismatch").doesNotContain("boot classpath");
    }

    /**
     * JDK 25's AOT cache (JEP 483/514) trained with {@code --add-modules java.instrument}, the module
     * every agent brings, is used under the agent, silently. (Trained without it, the JVM refuses the
     * cache under any agent; trained with the agent attached, JDK 25's assembly step crashes: both
     * in docs/agent.md.)
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anAotCacheTrainedWithTheInstrumentModuleIsUsedUnderTheAgent(Jdk jdk) throws IOException {
        Jdks.assumePresent(jdk);
        skipUnless(jdk.major() >= 25, jdk + " has no one-step AOT cache (-XX:AOTCacheOutput, JDK 25+)");
        Path cache = folder.resolve("program-" + jdk.major() + ".aot");
        ProcessResult training = JavaLaunch.on(jdk).jvmOption("--add-modules").jvmOption("java.instrument")
                .jvmOption("-XX:AOTCacheOutput=" + cache).classPath(programJar.toString()).main(MainRan.class).run();
        assertThat(training.exitCode()).as("training run %s", training).isZero();
        skipUnless(Files.exists(cache), jdk + " wrote no AOT cache (" + training.stdout().strip() + ")");

        String output = runsFromItsArchiveUnderTheAgent(jdk, "-XX:AOTCache=" + cache, "agent-aot-" + jdk.major());
        assertThat(output).as("the JVM says nothing about the cache").doesNotContain("[error]").doesNotContain("[warning]");
    }

    /**
     * Runs the program under the agent with {@code archiveOption}: it runs, its main class comes from
     * the archive ({@code -Xlog:class+load} to a file named after {@code name}), nothing secret is
     * printed. Returns what it printed, stdout and stderr.
     */
    private static String runsFromItsArchiveUnderTheAgent(Jdk jdk, String archiveOption, String name) throws IOException {
        Path log = folder.resolve(name + ".log");
        ProcessResult result = withAgent(jdk, keyFileOptions(vaults, "")).jvmOption(archiveOption)
                .jvmOption("-Xlog:class+load=info:file=" + log)
                .classPath(programJar.toString()).main(MainRan.class).run();
        assertThat(result.exitCode()).as("exit status of %s", result).isZero();
        assertThat(result.report().get("main")).isEqualTo("ran");
        assertThat(Files.readString(log)).as("with the agent the program's classes come from its archive")
                .contains(MAIN_FROM_ARCHIVE);
        assertNoSecretIn(result, vaults);
        return result.stdout() + result.stderr();
    }

    /** Skips, visibly in the build's output too, when this JDK cannot give the test its premise. */
    private static void skipUnless(boolean premise, String why) {
        if (!premise) {
            System.out.println("[keystash-it] SKIPPED AgentAppCdsIT: " + why);
        }
        assumeTrue(premise, why);
    }
}
