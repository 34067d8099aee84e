package io.keystash.agent.intercept;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.CRC32;

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
        return readResource(type, "/" + type.getName().replace('.', '/') + ".class");
    }

    /**
     * The resources {@code absoluteNames} (each starting with {@code /}) as seen from {@code anchor},
     * in order. From the agent's own jar they are read through one {@link JarFile} directly: the
     * class loader's way goes through a {@code JarURLConnection}, a dozen more classes to load at
     * every start.
     */
    static byte[][] read(Class<?> anchor, String... absoluteNames) throws InterceptionException {
        byte[][] contents = new byte[absoluteNames.length][];
        Path jar = jarOf(anchor);
        if (jar != null) {
            try (JarFile file = new JarFile(jar.toFile(), false)) {
                for (int i = 0; i < absoluteNames.length; i++) {
                    JarEntry entry = file.getJarEntry(absoluteNames[i].substring(1));
                    if (entry != null) {
                        try (InputStream in = file.getInputStream(entry)) {
                            contents[i] = in.readAllBytes();
                        }
                    }
                }
            } catch (IOException e) {
                throw new InterceptionException("cannot read " + String.join(", ", absoluteNames) + " from " + jar + ": "
                        + e.getMessage(), e);
            }
        }
        for (int i = 0; i < absoluteNames.length; i++) {
            if (contents[i] == null) {
                contents[i] = readResource(anchor, absoluteNames[i]);
            }
        }
        return contents;
    }

    /**
     * Size and CRC-32 of each resource {@code absoluteNames} (each starting with {@code /}) as seen
     * from {@code anchor}: two longs per name, in order. From a jar they come from its central
     * directory, so nothing is read or inflated (Byte Buddy's ASM stays compressed in the agent
     * jar); elsewhere they are computed from the bytes, which gives the same figures.
     */
    static long[] sizesAndCrcs(Class<?> anchor, String... absoluteNames) throws InterceptionException {
        long[] checksums = new long[2 * absoluteNames.length];
        boolean[] found = new boolean[absoluteNames.length];
        Path jar = jarOf(anchor);
        if (jar != null) {
            try (JarFile file = new JarFile(jar.toFile(), false)) {
                for (int i = 0; i < absoluteNames.length; i++) {
                    JarEntry entry = file.getJarEntry(absoluteNames[i].substring(1));
                    if (entry != null && entry.getSize() >= 0 && entry.getCrc() >= 0) {
                        checksums[2 * i] = entry.getSize();
                        checksums[2 * i + 1] = entry.getCrc();
                        found[i] = true;
                    }
                }
            } catch (IOException e) {
                throw new InterceptionException("cannot read " + jar + ": " + e.getMessage(), e);
            }
        }
        for (int i = 0; i < absoluteNames.length; i++) {
            if (!found[i]) {
                byte[] content = readResource(anchor, absoluteNames[i]);
                CRC32 crc = new CRC32();
                crc.update(content, 0, content.length);
                checksums[2 * i] = content.length;
                checksums[2 * i + 1] = crc.getValue();
            }
        }
        return checksums;
    }

    private static byte[] readResource(Class<?> anchor, String absoluteName) throws InterceptionException {
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
