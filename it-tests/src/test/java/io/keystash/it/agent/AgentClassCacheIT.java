package io.keystash.it.agent;

import io.keystash.it.agent.programs.EnvProbe;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import io.keystash.it.support.ProcessResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static io.keystash.it.agent.AgentRuns.assertNoSecretIn;
import static io.keystash.it.agent.AgentRuns.assertSeen;
import static io.keystash.it.agent.AgentRuns.keyFileOptions;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's cache of rewritten classes ({@code KEYSTASH_HOME/cache/agent/}), in real JVMs with
 * the built jar on every JDK found: a cold start (ASM rewrites, the file is written) and a warm
 * one (read back, no class of ASM or Byte Buddy loaded) give the same program the same view; a
 * damaged, foreign or loosely permitted file is ignored and rebuilt; without a usable folder the
 * agent still works, silently.
 */
class AgentClassCacheIT {
    private static final String[] NAMES = {"OPENAI_API_KEY", "openai.api.key", "AWS_SECRET_ACCESS_KEY", "service.token",
        "KEYSTASH_KEY_FILE"};
    /** Byte Buddy's copy of ASM, as relocated into the agent: all of Byte Buddy the agent uses. */
    private static final String SHADED_ASM = "io.keystash.agent.shaded.net.bytebuddy.jar.asm.";

    @TempDir
    static Path folder;
    static AgentVaults vaults;
    /** The built agent jar with another {@code Implementation-Version}: another agent, another cache key. */
    static Path otherVersionJar;

    @BeforeAll
    static void setUp() throws Exception {
        vaults = AgentVaults.create(Files.createDirectory(folder.resolve("vaults")));
        otherVersionJar = withOtherVersion(Artifacts.agentJar(), folder.resolve("other-version-agent.jar"));
    }

    static List<Jdk> jdks() {
        return Jdks.matrix();
    }

    /** What is done to the cache file between a cold start and the next. */
    enum Damage {
        TRUNCATED, ONE_BYTE_FLIPPED, EMPTY, FROM_ANOTHER_AGENT_VERSION, WRITABLE_BY_OTHERS
    }

    static List<Arguments> damages() {
        List<Arguments> cases = new ArrayList<>();
        for (Jdk jdk : Jdks.matrix()) {
            for (Damage damage : Damage.values()) {
                cases.add(Arguments.of(jdk, damage));
            }
        }
        return cases;
    }

    /** A cache folder the agent cannot use. */
    enum Unusable {
        HOME_MISSING, CACHE_IS_A_FILE, HOME_WRITABLE_BY_OTHERS
    }

    static List<Arguments> unusable() {
        List<Arguments> cases = new ArrayList<>();
        for (Jdk jdk : Jdks.matrix()) {
            for (Unusable kind : Unusable.values()) {
                cases.add(Arguments.of(jdk, kind));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void coldAndWarmStartsGiveTheSameViewAndOnlyTheColdOneLoadsAsm(Jdk jdk) throws IOException {
        Path home = newHome("cold-warm", jdk);
        Path coldLog = folder.resolve("cold-" + jdk.major() + ".log");
        Path warmLog = folder.resolve("warm-" + jdk.major() + ".log");

        ProcessResult cold = probe(jdk, Artifacts.agentJar(), home, "", "-Xlog:class+load=info:file=" + coldLog);
        assertThat(cold.stderr()).as("stderr of the cold start (no JVM warning)").isEmpty();
        Path file = cacheFile(home);
        assertThat(mode(home.resolve("cache"))).isEqualTo("rwx------");
        assertThat(mode(home.resolve("cache/agent"))).isEqualTo("rwx------");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(countLines(coldLog, SHADED_ASM)).as("ASM classes loaded on the cold start").isPositive();

        ProcessResult warm = probe(jdk, Artifacts.agentJar(), home, "", "-Xlog:class+load=info:file=" + warmLog);
        assertThat(warm.stderr()).as("stderr of the warm start").isEmpty();
        assertThat(countLines(warmLog, "io.keystash.agent.cache.ClassFileCache ")).as("the class log covers the agent").isOne();
        assertThat(countLines(warmLog, "net.bytebuddy")).as("ASM or Byte Buddy classes loaded on the warm start").isZero();
        assertThat(warm.report()).as("the warm start's view equals the cold start's").isEqualTo(cold.report());
        assertSeen(warm.report(), "getenv.OPENAI_API_KEY", vaults.value("OPENAI_API_KEY"));
        assertSeen(warm.report(), "child.AWS_SECRET_ACCESS_KEY", vaults.value("AWS_SECRET_ACCESS_KEY"));
        assertSeen(warm.report(), "prop.service.token", vaults.value("service.token"));
        assertSeen(warm.report(), "getenv.KEYSTASH_KEY_FILE", null);

        ProcessResult verbose = probe(jdk, Artifacts.agentJar(), home, "verbose=true");
        assertThat(verbose.stderr()).contains("classes read from cache " + file);
        assertThat(verbose.report()).isEqualTo(cold.report());
        assertThat(cacheFile(home)).isEqualTo(file);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("damages")
    void aDamagedForeignOrLooselyPermittedCacheFileIsIgnoredAndRebuilt(Jdk jdk, Damage damage) throws IOException {
        Path home = newHome("damaged-" + damage, jdk);
        ProcessResult cold = probe(jdk, Artifacts.agentJar(), home, "");
        Path file = cacheFile(home);
        byte[] good = Files.readAllBytes(file);

        String expectedNote = damage(jdk, damage, file, good);

        ProcessResult after = probe(jdk, Artifacts.agentJar(), home, "verbose=true");
        assertThat(after.stderr()).contains(expectedNote).contains("classes rewritten with ASM")
                .contains("cached in " + file);
        assertThat(after.report()).as("the view after the damage equals the cold start's").isEqualTo(cold.report());
        assertThat(Arrays.equals(Files.readAllBytes(file), good)).as("the file is rebuilt as it was").isTrue();
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(cacheFile(home)).isEqualTo(file);

        ProcessResult warm = probe(jdk, Artifacts.agentJar(), home, "verbose=true");
        assertThat(warm.stderr()).contains("classes read from cache " + file);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("unusable")
    void withoutAUsableCacheFolderTheAgentStillServesTheProfileSilently(Jdk jdk, Unusable kind) throws IOException {
        Path home = folder.resolve("unusable-" + kind + "-" + jdk.major());
        switch (kind) {
            case HOME_MISSING -> {
                // nothing: KEYSTASH_HOME names a folder that does not exist
            }
            case CACHE_IS_A_FILE -> {
                // Unwritable whoever runs the test (root ignores a folder's permission bits).
                Files.createDirectory(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                Files.writeString(home.resolve("cache"), "in the way");
            }
            case HOME_WRITABLE_BY_OTHERS -> {
                Files.createDirectory(home);
                Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
            }
        }
        ProcessResult silent = probe(jdk, Artifacts.agentJar(), home, "");
        assertThat(silent.stderr()).as("stderr").isEmpty();
        assertSeen(silent.report(), "getenv.OPENAI_API_KEY", vaults.value("OPENAI_API_KEY"));
        assertSeen(silent.report(), "child.OPENAI_API_KEY", vaults.value("OPENAI_API_KEY"));
        assertSeen(silent.report(), "getenv.KEYSTASH_KEY_FILE", null);

        ProcessResult verbose = probe(jdk, Artifacts.agentJar(), home, "verbose=true");
        assertThat(verbose.stderr()).contains("classes rewritten with ASM").contains("not cached");
        assertThat(verbose.report()).isEqualTo(silent.report());
        switch (kind) {
            case HOME_MISSING -> assertThat(home).as("a missing home is not created").doesNotExist();
            case CACHE_IS_A_FILE -> assertThat(home.resolve("cache")).isRegularFile();
            case HOME_WRITABLE_BY_OTHERS -> assertThat(home.resolve("cache")).as("nothing created in it").doesNotExist();
        }
    }

    /** Applies {@code damage} to {@code file}; returns what the verbose line then says about it. */
    private static String damage(Jdk jdk, Damage damage, Path file, byte[] good) throws IOException {
        switch (damage) {
            case TRUNCATED -> {
                Files.write(file, Arrays.copyOf(good, good.length - 1000));
                return "ignored: truncated";
            }
            case ONE_BYTE_FLIPPED -> {
                byte[] flipped = good.clone();
                flipped[good.length - 500] ^= 0x10;
                Files.write(file, flipped);
                return "ignored: checksum mismatch";
            }
            case EMPTY -> {
                Files.write(file, new byte[0]);
                return "ignored: truncated";
            }
            case FROM_ANOTHER_AGENT_VERSION -> {
                Path otherHome = newHome("other-version", jdk);
                probe(jdk, otherVersionJar, otherHome, "");
                Path other = cacheFile(otherHome);
                assertThat(other.getFileName()).as("another agent version has another key").isNotEqualTo(file.getFileName());
                Files.copy(other, file, StandardCopyOption.REPLACE_EXISTING);
                return "ignored: written for another JDK or agent";
            }
            case WRITABLE_BY_OTHERS -> {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
                return "is accessible by other users (mode rw-rw-rw-)";
            }
        }
        throw new AssertionError(damage);
    }

    /** EnvProbe under the agent given, key-file unlock, {@code KEYSTASH_HOME=home}; exit 0 and no secret in its output. */
    private static ProcessResult probe(Jdk jdk, Path agentJar, Path home, String extraOptions, String... jvmOptions) {
        JavaLaunch launch = JavaLaunch.on(jdk).agent(agentJar, keyFileOptions(vaults, extraOptions));
        for (String option : jvmOptions) {
            launch.jvmOption(option);
        }
        ProcessResult result = launch.classPath(Artifacts.testClasses()).main(EnvProbe.class, NAMES)
                .env("KEYSTASH_HOME", home.toString()).env("KEYSTASH_KEY_FILE", vaults.keyFile.toString()).run();
        assertThat(result.exitCode()).as("exit status of %s", result).isZero();
        assertNoSecretIn(result, vaults);
        return result;
    }

    private static Path newHome(String name, Jdk jdk) throws IOException {
        Jdks.assumePresent(jdk);
        return Files.createDirectory(folder.resolve(name + "-" + jdk.major()),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** The one cache file under {@code home}. */
    private static Path cacheFile(Path home) throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("cache/agent"))) {
            List<Path> all = files.toList();
            assertThat(all).as("files in the cache folder").hasSize(1);
            assertThat(all.get(0).getFileName().toString()).matches("[0-9a-f]{64}\\.classes");
            return all.get(0);
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static long countLines(Path log, String text) throws IOException {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }

    /** A copy of {@code jar} whose manifest says another {@code Implementation-Version}. */
    private static Path withOtherVersion(Path jar, Path copy) throws IOException {
        try (ZipFile in = new ZipFile(jar.toFile());
             OutputStream file = Files.newOutputStream(copy);
             ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            boolean changed = false;
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                byte[] content;
                try (InputStream stream = in.getInputStream(entry)) {
                    content = stream.readAllBytes();
                }
                if (entry.getName().equals("META-INF/MANIFEST.MF")) {
                    String manifest = new String(content, StandardCharsets.UTF_8);
                    String edited = manifest.replaceFirst("Implementation-Version: ([^\\r\\n]+)", "Implementation-Version: $1-other");
                    changed = !edited.equals(manifest);
                    content = edited.getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(content);
                out.closeEntry();
            }
            assertThat(changed).as("the agent jar's manifest has an Implementation-Version").isTrue();
        }
        return copy;
    }
}
