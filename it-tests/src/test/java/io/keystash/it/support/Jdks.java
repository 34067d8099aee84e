package io.keystash.it.support;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Finds the JDKs to run test programs on: the JDK running the build, {@code JAVA_HOME_17},
 * {@code JAVA_HOME_21}, {@code JAVA_HOME_25}, and every JDK under {@code /usr/lib/jvm}, keeping
 * those whose {@code release} file says 17, 21 or 25 (one per real path; symlinks collapse).
 *
 * <p>{@link #matrix()} lists every supported major version, absent ones included, so a
 * parameterized test reports an absent JDK as skipped ({@link #assumePresent}) instead of passing
 * silently. The first call prints which JDKs run and which are missing.
 */
public final class Jdks {
    /** The major versions Keystash supports (README, "Supported platforms"). */
    public static final List<Integer> SUPPORTED = List.of(17, 21, 25);
    private static final Path JVM_FOLDER = Path.of("/usr/lib/jvm");

    private static List<Jdk> matrix;

    private Jdks() {
    }

    /** One entry per JDK found, plus one absent entry per supported major version not found. */
    public static synchronized List<Jdk> matrix() {
        if (matrix == null) {
            matrix = discover();
            StringBuilder report = new StringBuilder("[keystash-it] JDKs:");
            for (Jdk jdk : matrix) {
                report.append(jdk.present() ? " run " : " SKIPPED ").append(jdk)
                        .append(jdk.present() ? " at " + jdk.home() : "").append(';');
            }
            System.out.println(report);
        }
        return matrix;
    }

    /** The JDKs found (no absent entries). */
    public static List<Jdk> present() {
        List<Jdk> found = new ArrayList<>();
        for (Jdk jdk : matrix()) {
            if (jdk.present()) {
                found.add(jdk);
            }
        }
        return found;
    }

    /** Aborts the calling test (reported as skipped, naming the version) when {@code jdk} is absent. */
    public static void assumePresent(Jdk jdk) {
        if (!jdk.present()) {
            System.out.println("[keystash-it] SKIPPED on JDK " + jdk.major() + ": not installed here"
                    + " (looked at java.home, JAVA_HOME_" + jdk.major() + ", " + JVM_FOLDER + ")");
        }
        Assumptions.assumeTrue(jdk.present(), "JDK " + jdk.major() + " not found (looked at java.home, JAVA_HOME_"
                + jdk.major() + ", " + JVM_FOLDER + ")");
    }

    private static List<Jdk> discover() {
        Map<Path, Jdk> byRealPath = new LinkedHashMap<>();
        consider(Path.of(System.getProperty("java.home")), byRealPath);
        for (int major : SUPPORTED) {
            String home = System.getenv("JAVA_HOME_" + major);
            if (home != null && !home.isBlank()) {
                consider(Path.of(home), byRealPath);
            }
        }
        if (Files.isDirectory(JVM_FOLDER)) {
            try (DirectoryStream<Path> homes = Files.newDirectoryStream(JVM_FOLDER)) {
                List<Path> sorted = new ArrayList<>();
                homes.forEach(sorted::add);
                sorted.sort(null);
                for (Path home : sorted) {
                    consider(home, byRealPath);
                }
            } catch (IOException e) {
                System.out.println("[keystash-it] cannot list " + JVM_FOLDER + ": " + e.getMessage());
            }
        }
        TreeMap<Integer, List<Jdk>> byMajor = new TreeMap<>();
        for (Jdk jdk : byRealPath.values()) {
            byMajor.computeIfAbsent(jdk.major(), major -> new ArrayList<>()).add(jdk);
        }
        List<Jdk> result = new ArrayList<>();
        for (int major : SUPPORTED) {
            List<Jdk> found = byMajor.get(major);
            if (found == null) {
                result.add(Jdk.absent(major));
            } else {
                result.addAll(found);
            }
        }
        return List.copyOf(result);
    }

    private static void consider(Path home, Map<Path, Jdk> byRealPath) {
        try {
            Path real = home.toRealPath();
            if (byRealPath.containsKey(real) || !Files.isExecutable(real.resolve("bin/java"))) {
                return;
            }
            Path release = real.resolve("release");
            if (!Files.isRegularFile(release)) {
                return;
            }
            Properties properties = new Properties();
            try (var in = Files.newInputStream(release)) {
                properties.load(in);
            }
            String version = unquote(properties.getProperty("JAVA_VERSION"));
            if (version == null) {
                return;
            }
            int major = Integer.parseInt(version.split("[.+-]")[0]);
            if (SUPPORTED.contains(major)) {
                String runtime = unquote(properties.getProperty("JAVA_RUNTIME_VERSION"));
                byRealPath.put(real, new Jdk(major, real, runtime != null ? runtime : version));
            }
        } catch (IOException | RuntimeException e) {
            // Not a JDK we can use: a broken link, an unreadable or odd release file.
        }
    }

    private static String unquote(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }
}
