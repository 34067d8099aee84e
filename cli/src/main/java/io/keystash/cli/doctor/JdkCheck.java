package io.keystash.cli.doctor;

import io.keystash.vault.health.Finding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JDKs on this machine and which one a plain {@code java} runs: the one running this CLI,
 * {@code JAVA_HOME}, the {@code java} on {@code PATH}, and the usual install folders
 * ({@code /usr/lib/jvm}, {@code /usr/java}, {@code /opt/java}, SDKMAN, macOS). A JDK's version
 * comes from its {@code release} file: nothing is started. The agent needs Java 17 or later.
 */
final class JdkCheck {
    static final String AREA = "java";
    static final int MINIMUM = 17;

    private JdkCheck() {
    }

    /** One JDK: its home (real path), its version, and what on this machine uses it. */
    record Jdk(Path home, String version, Set<String> roles) {
        int feature() {
            return featureOf(version);
        }
    }

    static List<Finding> check(Map<String, String> environment, String userHome) {
        Map<Path, Jdk> found = new LinkedHashMap<>();
        add(found, Path.of(System.getProperty("java.home")), "runs keystash");
        String javaHome = environment.get("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            add(found, Path.of(javaHome), "JAVA_HOME");
        }
        Path onPath = javaOnPath(environment.get("PATH"));
        Jdk pathJdk = onPath == null ? null : add(found, homeOf(onPath), "java on PATH");
        for (String folder : List.of("/usr/lib/jvm", "/usr/java", "/opt/java", userHome + "/.sdkman/candidates/java",
                "/Library/Java/JavaVirtualMachines")) {
            for (Path candidate : children(Path.of(folder))) {
                Path macHome = candidate.resolve("Contents/Home");
                add(found, Files.isDirectory(macHome) ? macHome : candidate, null);
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (Jdk jdk : found.values()) {
            String roles = jdk.roles().isEmpty() ? "" : " (" + String.join(", ", jdk.roles()) + ")";
            findings.add(jdk.feature() >= MINIMUM
                    ? Finding.ok(AREA, "Java " + jdk.version() + " at " + jdk.home() + roles)
                    : Finding.note(AREA, "Java " + jdk.version() + " at " + jdk.home() + roles + ": too old for Keystash ("
                            + MINIMUM + "+)"));
        }
        Path running = Path.of(System.getProperty("java.home"));
        if (onPath == null) {
            findings.add(Finding.fix(AREA, "no java on PATH, so java $(keystash agent-line) … cannot run; add one, e.g.: "
                    + "export PATH=" + running.resolve("bin") + ":$PATH"));
        } else if (pathJdk != null && pathJdk.feature() < MINIMUM) {
            findings.add(Finding.fix(AREA, "the java on PATH (" + onPath + ") is Java " + pathJdk.version()
                    + ", too old for the agent (" + MINIMUM + "+); put a newer one first, e.g.: export PATH="
                    + running.resolve("bin") + ":$PATH"));
        }
        return findings;
    }

    /** Adds the JDK at {@code home} (once, by real path) with {@code role}; null when it is no JDK. */
    private static Jdk add(Map<Path, Jdk> found, Path home, String role) {
        Path real;
        try {
            real = home.toRealPath();
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (!Files.isExecutable(real.resolve("bin/java"))) {
            return null;
        }
        Jdk jdk = found.computeIfAbsent(real, h -> new Jdk(h, versionOf(h), new LinkedHashSet<>()));
        if (role != null) {
            jdk.roles().add(role);
        }
        return jdk;
    }

    /** The first executable {@code java} on {@code path}, links resolved; null when there is none. */
    private static Path javaOnPath(String path) {
        if (path == null) {
            return null;
        }
        for (String folder : path.split(java.io.File.pathSeparator)) {
            if (folder.isEmpty()) {
                continue;
            }
            Path java = Path.of(folder, "java");
            if (Files.isExecutable(java) && !Files.isDirectory(java)) {
                try {
                    return java.toRealPath();
                } catch (IOException | RuntimeException e) {
                    return java;
                }
            }
        }
        return null;
    }

    /** {@code …/bin/java} → {@code …}. */
    private static Path homeOf(Path java) {
        Path bin = java.getParent();
        return bin == null || bin.getParent() == null ? java : bin.getParent();
    }

    private static List<Path> children(Path folder) {
        List<Path> children = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return children;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            entries.forEach(children::add);
        } catch (IOException | RuntimeException e) {
            // an unreadable folder holds no JDK we can use
        }
        children.sort(null);
        return children;
    }

    /** {@code JAVA_VERSION} from the JDK's {@code release} file; {@code unknown} without one. */
    static String versionOf(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"), StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    return line.substring("JAVA_VERSION=".length()).replace("\"", "").strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "unknown";
    }

    /** 17 for {@code 17.0.12}, 8 for {@code 1.8.0_372}, 0 when it cannot be told. */
    static int featureOf(String version) {
        try {
            String[] parts = version.split("[._+-]");
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
