package io.keystash.it.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the built artifacts and class paths are, as the build passes them (see it-tests/pom.xml). */
public final class Artifacts {
    private Artifacts() {
    }

    /** {@code agent/target/keystash-agent.jar}; fails the test if it was not built. */
    public static Path agentJar() {
        Path jar = Path.of(System.getProperty("keystash.agent.jar", "../agent/target/keystash-agent.jar"))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("the agent jar is not built: " + jar + " (run the build from the top folder)");
        }
        return jar;
    }

    /** {@code cli/target} (the CLI's jar and launcher). */
    public static Path cliDir() {
        return Path.of(System.getProperty("keystash.cli.dir", "../cli/target")).toAbsolutePath().normalize();
    }

    /** {@code dist/target/keystash-VERSION.tar.gz}; fails the test if it was not built. */
    public static Path distArchive() {
        String configured = System.getProperty("keystash.dist.archive");
        if (configured == null) {
            throw new AssertionError("keystash.dist.archive is not set (run the tests through the build)");
        }
        Path archive = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isRegularFile(archive)) {
            throw new AssertionError("the distribution archive is not built: " + archive + " (run the build from the top folder)");
        }
        return archive;
    }

    /** The top folder of the checkout (the parent pom, {@code mvnw}, {@code docs/}). */
    public static Path projectRoot() {
        return Path.of(System.getProperty("keystash.project.root", "..")).toAbsolutePath().normalize();
    }

    /** This test JVM's class path: test classes and every test dependency. */
    public static List<String> testClassPath() {
        String path = System.getProperty("surefire.test.class.path");
        if (path == null || path.isBlank()) {
            path = System.getProperty("java.class.path");
        }
        List<String> entries = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** The test classes folder alone (for programs that must not see the test dependencies). */
    public static String testClasses() {
        return Path.of(Artifacts.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
    }

    /**
     * The class path of the {@code spring-web-app} module's application: its classes, then the jars
     * its build listed in {@code target/runtime.classpath}.
     */
    public static List<String> springWebApplication() {
        Path target = Path.of(System.getProperty("keystash.spring.web.app", "../spring-web-app/target"));
        List<String> entries = new ArrayList<>();
        entries.add(target.resolve("classes").toString());
        try {
            entries.addAll(List.of(Files.readString(target.resolve("runtime.classpath")).trim().split(File.pathSeparator)));
        } catch (java.io.IOException e) {
            throw new AssertionError("spring-web-app is not built: no " + target.resolve("runtime.classpath"), e);
        }
        return entries;
    }

    /** The jars of {@code target/conflicting-libs}: older Jackson, Byte Buddy and Bouncy Castle. */
    public static List<String> conflictingLibraries() {
        Path folder = Path.of(System.getProperty("keystash.conflict.libs", "target/conflicting-libs"));
        List<String> jars = new ArrayList<>();
        try (var files = Files.list(folder)) {
            files.filter(file -> file.toString().endsWith(".jar")).sorted().forEach(file -> jars.add(file.toString()));
        } catch (java.io.IOException e) {
            throw new AssertionError("conflicting libraries not copied to " + folder, e);
        }
        return jars;
    }

    /**
     * The test classes and the jars a logging framework needs under a redaction test, one of
     * {@code target/logging-libs} (Logback or Log4j2's implementation) by name, and the API jars
     * from this JVM's class path ({@code slf4j-api}, {@code log4j-api}) the same way.
     */
    public static List<String> withLoggingJars(String... jarNamePrefixes) {
        Path folder = Path.of(System.getProperty("keystash.logging.libs", "target/logging-libs"));
        List<String> entries = new ArrayList<>();
        entries.add(testClasses());
        for (String prefix : jarNamePrefixes) {
            String found = null;
            try (var files = Files.list(folder)) {
                found = files.map(Path::toString).filter(f -> Path.of(f).getFileName().toString().startsWith(prefix))
                        .findFirst().orElse(null);
            } catch (java.io.IOException e) {
                throw new AssertionError("logging libraries not copied to " + folder, e);
            }
            if (found == null) {
                for (String entry : testClassPath()) {
                    if (Path.of(entry).getFileName().toString().startsWith(prefix)) {
                        found = entry;
                        break;
                    }
                }
            }
            if (found == null) {
                throw new AssertionError("no " + prefix + " jar in " + folder + " or on the test class path");
            }
            entries.add(found);
        }
        return entries;
    }
}
