package io.keystash.it.support;

import java.nio.file.Path;

/**
 * A JDK the integration tests run programs on, or a wanted major version that was not found
 * ({@link #present()} false): tests given an absent JDK abort, so it shows as skipped.
 *
 * @param major   17, 21, 25, …
 * @param home    the JDK's home, or null when absent
 * @param version its {@code JAVA_RUNTIME_VERSION} (or {@code JAVA_VERSION}), or null when absent
 */
public record Jdk(int major, Path home, String version) {
    public static Jdk absent(int major) {
        return new Jdk(major, null, null);
    }

    public boolean present() {
        return home != null;
    }

    /** The {@code java} launcher. */
    public Path java() {
        return home.resolve("bin").resolve("java");
    }

    @Override
    public String toString() {
        return present() ? "JDK " + major + " (" + version + ")" : "JDK " + major + " (not found)";
    }
}
