package io.keystash.agent.intercept;

/**
 * A class loader with one class, {@link JavaLangDefiner}, and the boot loader as parent: its
 * unnamed module is the only one {@code java.lang} is opened to.
 */
final class IsolatedLoader extends ClassLoader {
    IsolatedLoader() {
        super("keystash-agent-boot-definer", null);
    }

    Class<?> define(String name, byte[] classFile) {
        return defineClass(name, classFile, 0, classFile.length);
    }
}
