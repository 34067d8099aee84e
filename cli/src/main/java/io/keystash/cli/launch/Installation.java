package io.keystash.cli.launch;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Where this CLI is installed, and the agent jar that goes with it: {@code keystash-agent.jar}
 * next to {@code keystash.jar}, or, in a source build, {@code agent/target/keystash-agent.jar}
 * of the same checkout.
 */
public final class Installation {
    public static final String AGENT_JAR = "keystash-agent.jar";

    private final Path home;

    Installation(Path home) {
        this.home = home;
    }

    /** The folder holding the running CLI's jar (or, run from classes, the build folder). */
    public static Installation current() {
        return new Installation(codeFolder());
    }

    /** An installation whose CLI jar sits in {@code home} (tests, and a check of another copy). */
    public static Installation at(Path home) {
        return new Installation(home.toAbsolutePath().normalize());
    }

    /**
     * The {@code Implementation-Version} in {@code jar}'s manifest (the agent jar carries the
     * build's version), or null when it has none or cannot be read.
     */
    public static String versionOf(Path jar) {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            java.util.jar.Manifest manifest = file.getManifest();
            return manifest == null ? null : manifest.getMainAttributes().getValue("Implementation-Version");
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** The CLI jar, or the classes folder when not run from a jar. */
    public static Path codeLocation() {
        CodeSource source = Installation.class.getProtectionDomain().getCodeSource();
        try {
            return Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("").toAbsolutePath();
        }
    }

    private static Path codeFolder() {
        Path code = codeLocation();
        // cli/target/keystash.jar -> cli/target; cli/target/classes -> cli/target
        return code.getParent() == null ? code : code.getParent();
    }

    /** Places the agent jar may be, best first. */
    public List<Path> agentJarCandidates() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(home.resolve(AGENT_JAR));
        candidates.add(home.resolve("lib").resolve(AGENT_JAR));
        // a source build: <checkout>/cli/target -> <checkout>/agent/target
        Path checkout = home.getParent() == null ? null : home.getParent().getParent();
        if (checkout != null) {
            candidates.add(checkout.resolve("agent").resolve("target").resolve(AGENT_JAR));
        }
        return candidates.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
    }

    /** The agent jar, or an I/O failure naming where it was looked for. */
    public Path agentJar() throws VaultException {
        List<Path> candidates = agentJarCandidates();
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new VaultException(Failure.IO, AGENT_JAR + " not found (looked in "
                + String.join(", ", candidates.stream().map(p -> p.getParent().toString()).toList())
                + "); build it with: ./mvnw -q -DskipTests package");
    }
}
