package io.keystash.agent.intercept;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Puts the environment holder where {@code java.lang.System} can call it: the class file of
 * {@code java.lang.KeystashEnvironment} (the agent's {@code io.keystash.agent.boot.KeystashEnvironment}
 * renamed, see {@link CallSiteRewriter}), defined through a private lookup on {@code System}
 * once {@code java.lang} is opened to an isolated loader (see {@link JavaLangDefiner}).
 *
 * <p>Why not the alternatives: {@code appendToBootstrapClassLoaderSearch} makes the JVM print a
 * class-data-sharing warning on JDK 17 and 25, and any appended boot class path, a
 * {@code Boot-Class-Path} manifest entry included, makes it refuse the program's own CDS archive
 * (see {@code AgentAppCdsIT}). A class of {@code java.lang} needs neither, and may call the
 * package-private JDK methods it replaces.
 */
final class BootDefinition {
    static final String DEFINER = "io.keystash.agent.intercept.JavaLangDefiner";

    private BootDefinition() {
    }

    /** Defines the holder ({@code java.lang.KeystashEnvironment}'s class file) through {@code definer}. */
    static Class<?> defineHolder(Function<byte[], Class<?>> definer, byte[] holder) throws InterceptionException {
        try {
            return definer.apply(holder);
        } catch (LinkageError | IllegalStateException e) {
            throw new InterceptionException("cannot define java.lang.KeystashEnvironment: " + e, e);
        }
    }

    /**
     * Hands the defined holder its state, once: the maps of its first version (filled by the
     * caller later, before {@code System} is redefined to call it), the names hidden from children,
     * and the read map's hooks.
     */
    static void initialise(Class<?> defined, ConcurrentHashMap<String, String> programEnvironment,
                           ConcurrentHashMap<String, String> childAdditions,
                           ConcurrentHashMap<String, AtomicLong[]> served, Set<String> hidden, ReadHooks hooks)
            throws InterceptionException {
        try {
            // One array (see the holder's install): a single parameter keeps the reflective call cheap on JDK 18+.
            defined.getMethod("install", Object[].class).invoke(null, (Object) new Object[] {programEnvironment,
                childAdditions, served, hidden, hooks.wholeReads(), hooks.firstRead(), hooks.clock(), hooks.untimed(),
                hooks.wakeClock()});
        } catch (InvocationTargetException e) {
            throw new InterceptionException("cannot initialise " + defined.getName() + ": " + e.getCause(), e);
        } catch (ReflectiveOperationException e) {
            throw new InterceptionException("cannot initialise " + defined.getName() + ": " + e, e);
        }
    }

    /**
     * Opens {@code java.lang} to a fresh {@link IsolatedLoader}'s unnamed module and returns the
     * {@link JavaLangDefiner} it loaded from {@code definerClass}.
     */
    @SuppressWarnings("unchecked")
    static Function<byte[], Class<?>> definer(Instrumentation instrumentation, byte[] definerClass)
            throws InterceptionException {
        Class<?> type;
        try {
            type = new IsolatedLoader().define(DEFINER, definerClass);
        } catch (LinkageError e) {
            throw new InterceptionException("cannot define the java.lang definer: " + e, e);
        }
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
