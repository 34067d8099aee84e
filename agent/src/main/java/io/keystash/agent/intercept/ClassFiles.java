package io.keystash.agent.intercept;

import java.io.IOException;
import java.io.InputStream;

/** Reads class files as resources: the JDK's from the run-time image, the agent's from its jar. */
final class ClassFiles {
    private ClassFiles() {
    }

    /** The class file of {@code type} as its loader sees it ({@code .class} resources are never encapsulated). */
    static byte[] of(Class<?> type) throws InterceptionException {
        return read(type, "/" + type.getName().replace('.', '/') + ".class");
    }

    /** The resource {@code absoluteName} (starting with {@code /}) as seen from {@code anchor}. */
    static byte[] read(Class<?> anchor, String absoluteName) throws InterceptionException {
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
