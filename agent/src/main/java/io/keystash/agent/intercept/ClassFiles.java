package io.keystash.agent.intercept;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** Reads class files as resources: the JDK's from the run-time image, the agent's from its jar. */
final class ClassFiles {
    private ClassFiles() {
    }

    /** The jar {@code type} was loaded from, or null (a folder, the run-time image). */
    private static Path jarOf(Class<?> type) {
        try {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
                return null;
            }
            Path path = Path.of(source.getLocation().toURI());
            return path.toString().endsWith(".jar") ? path : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** The class file of {@code type} as its loader sees it ({@code .class} resources are never encapsulated). */
    static byte[] of(Class<?> type) throws InterceptionException {
        return read(type, "/" + type.getName().replace('.', '/') + ".class");
    }

    /**
     * The resource {@code absoluteName} (starting with {@code /}) as seen from {@code anchor}. From
     * the agent's own jar it is read through {@link JarFile} directly: the class loader's way goes
     * through a {@code JarURLConnection}, a dozen more classes to load at every start.
     */
    static byte[] read(Class<?> anchor, String absoluteName) throws InterceptionException {
        Path jar = jarOf(anchor);
        if (jar != null) {
            try (JarFile file = new JarFile(jar.toFile(), false)) {
                JarEntry entry = file.getJarEntry(absoluteName.substring(1));
                if (entry != null) {
                    try (InputStream in = file.getInputStream(entry)) {
                        return in.readAllBytes();
                    }
                }
            } catch (IOException e) {
                throw new InterceptionException("cannot read " + absoluteName + " from " + jar + ": " + e.getMessage(), e);
            }
        }
        try (InputStream in = anchor.getResourceAsStream(absoluteName)) {
            if (in == null) {
                throw new InterceptionException("cannot find " + absoluteName);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new InterceptionException("cannot read " + absoluteName + ": " + e.getMessage(), e);
        }
    }
}
