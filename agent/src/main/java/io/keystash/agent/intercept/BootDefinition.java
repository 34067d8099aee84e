package io.keystash.agent.intercept;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Puts the environment holder where {@code java.lang.System} can call it: the agent's
 * {@code io.keystash.agent.boot.KeystashEnvironment}, renamed {@code java.lang.KeystashEnvironment}
 * (its stand-ins for {@code ProcessEnvironment} and {@code ProcessImpl} becoming the JDK's),
 * defined through a private lookup on {@code System} once {@code java.lang} is opened to an
 * isolated loader (see {@link JavaLangDefiner}).
 *
 * <p>Why not the alternatives: {@code appendToBootstrapClassLoaderSearch} makes the JVM print a
 * class-data-sharing warning on JDK 17 and 25, and a {@code Boot-Class-Path} jar would have to be
 * written somewhere. A class of {@code java.lang} needs neither, and may call the package-private
 * JDK methods it replaces.
 */
final class BootDefinition {
    private static final String SOURCE_PACKAGE = "io/keystash/agent/boot/";
    private static final String SOURCE = SOURCE_PACKAGE + "KeystashEnvironment";
    private static final String DEFINER = "io.keystash.agent.intercept.JavaLangDefiner";

    private BootDefinition() {
    }

    /** Defines the holder and hands it its state; returns the defined class. */
    static Class<?> defineHolder(Instrumentation instrumentation, Map<String, String> programEnvironment,
                                 Map<String, String> childAdditions, Set<String> hidden)
            throws InterceptionException {
        byte[] holder = renamedHolder();
        Class<?> defined = definer(instrumentation).apply(holder);
        try {
            defined.getMethod("install", Map.class, Map.class, Set.class)
                    .invoke(null, programEnvironment, childAdditions, hidden);
        } catch (InvocationTargetException e) {
            throw new InterceptionException("cannot initialise " + defined.getName() + ": " + e.getCause(), e);
        } catch (ReflectiveOperationException e) {
            throw new InterceptionException("cannot initialise " + defined.getName() + ": " + e, e);
        }
        return defined;
    }

    private static byte[] renamedHolder() throws InterceptionException {
        byte[] source = ClassFiles.read(BootDefinition.class, "/" + SOURCE + ".class");
        return ClassFilePatcher.renameInUtf8(source, SOURCE_PACKAGE, "java/lang/");
    }

    @SuppressWarnings("unchecked")
    private static Function<byte[], Class<?>> definer(Instrumentation instrumentation) throws InterceptionException {
        IsolatedLoader loader = new IsolatedLoader();
        byte[] definerClass = ClassFiles.read(BootDefinition.class, "/" + DEFINER.replace('.', '/') + ".class");
        Class<?> type = loader.define(DEFINER, definerClass);
        Module javaBase = Object.class.getModule();
        instrumentation.redefineModule(javaBase, Set.of(), Map.of(), Map.of("java.lang", Set.of(type.getModule())),
                Set.of(), Map.of());
        try {
            return (Function<byte[], Class<?>>) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new InterceptionException("cannot create the java.lang definer: " + e, e);
        }
    }
}
