package io.keystash.agent.intercept;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Puts the environment holder where {@code java.lang.System} can call it: the class file of
 * {@code java.lang.KeystashEnvironment} (the agent's {@code io.keystash.agent.boot.KeystashEnvironment}
 * renamed, see {@link ByteBuddyTransformation}), defined through a private lookup on {@code System}
 * once {@code java.lang} is opened to an isolated loader (see {@link JavaLangDefiner}).
 *
 * <p>Why not the alternatives: {@code appendToBootstrapClassLoaderSearch} makes the JVM print a
 * class-data-sharing warning on JDK 17 and 25, and a {@code Boot-Class-Path} jar would have to be
 * written somewhere. A class of {@code java.lang} needs neither, and may call the package-private
 * JDK methods it replaces.
 */
final class BootDefinition {
    static final String DEFINER = "io.keystash.agent.intercept.JavaLangDefiner";

    private BootDefinition() {
    }

    /**
     * Defines the holder and hands it its state; returns the defined class.
     *
     * @param holder  the class file of {@code java.lang.KeystashEnvironment}
     * @param definer the class file of {@link JavaLangDefiner}
     */
    static Class<?> defineHolder(Instrumentation instrumentation, byte[] holder, byte[] definer,
                                 Map<String, String> programEnvironment, Map<String, String> childAdditions,
                                 Set<String> hidden) throws InterceptionException {
        Class<?> defined;
        try {
            defined = definer(instrumentation, definer).apply(holder);
        } catch (LinkageError | IllegalStateException e) {
            throw new InterceptionException("cannot define java.lang.KeystashEnvironment: " + e, e);
        }
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

    @SuppressWarnings("unchecked")
    private static Function<byte[], Class<?>> definer(Instrumentation instrumentation, byte[] definerClass)
            throws InterceptionException {
        IsolatedLoader loader = new IsolatedLoader();
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
