package io.keystash.agent.intercept;

import io.keystash.agent.cache.CacheKey;
import io.keystash.agent.cache.ClassFileCache;

import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.Map;
import java.util.Set;

/**
 * Installs the interception: gets the {@link InterceptedClasses} (from the cache, else from
 * {@link ByteBuddyTransformation}, then cached), defines the holder, then redefines
 * {@code System} and {@code ProcessBuilder} to call it.
 *
 * <p>{@code redefineClasses} (not a retransforming {@code ClassFileTransformer}) makes the
 * rewritten classes the new baseline: another agent that retransforms {@code System} later starts
 * from our bytes instead of silently dropping the interception, and no transformer stays
 * registered to be called for every class the program loads.
 *
 * <p>This class refers to {@link ByteBuddyTransformation} only through a static call with JDK and
 * agent types, so the JVM loads no Byte Buddy class unless that call runs (a cold start).
 */
public final class Interception {
    private static final String HOLDER_SOURCE = "/io/keystash/agent/boot/KeystashEnvironment.class";
    private static final String TRANSFORMATION = "/io/keystash/agent/intercept/ByteBuddyTransformation.class";

    private Interception() {
    }

    /**
     * @param programEnvironment what {@code System.getenv()} returns from now on (unmodifiable)
     * @param childAdditions     variables added to the environment a child inherits
     * @param hidden             variables removed from the environment a child inherits
     * @param cache              where transformed classes are kept between starts
     * @return one line for {@code verbose=true}: where the classes came from
     */
    public static String install(Instrumentation instrumentation, Map<String, String> programEnvironment,
                                 Map<String, String> childAdditions, Set<String> hidden, ClassFileCache cache)
            throws InterceptionException {
        if (!instrumentation.isRedefineClassesSupported()) {
            throw new InterceptionException("this JVM does not allow the agent to redefine classes");
        }
        byte[] system = ClassFiles.of(System.class);
        byte[] processBuilder = ClassFiles.of(ProcessBuilder.class);
        byte[][] own = ClassFiles.read(Interception.class, HOLDER_SOURCE, TRANSFORMATION,
                "/" + BootDefinition.DEFINER.replace('.', '/') + ".class");
        byte[] holderSource = own[0];
        CacheKey key = CacheKey.builder().text(agentVersion()).bytes(system).bytes(processBuilder).bytes(holderSource).bytes(own[1]).build();

        ClassFileCache.Lookup lookup = cache.load(key, InterceptedClasses.NAMES);
        InterceptedClasses classes;
        String origin;
        if (lookup.found()) {
            classes = InterceptedClasses.of(lookup.classes());
            origin = lookup.note();
        } else {
            classes = ByteBuddyTransformation.transform(system, processBuilder, holderSource);
            origin = "classes transformed with Byte Buddy (" + lookup.note() + "), " + cache.store(key, classes.byName());
        }

        BootDefinition.defineHolder(instrumentation, classes.holder(), own[2], programEnvironment, childAdditions, hidden);
        try {
            instrumentation.redefineClasses(new ClassDefinition(System.class, classes.system()),
                    new ClassDefinition(ProcessBuilder.class, classes.processBuilder()));
        } catch (ClassNotFoundException | UnmodifiableClassException | RuntimeException | LinkageError e) {
            throw new InterceptionException("cannot redefine java.lang.System: " + e, e);
        }
        return origin;
    }

    /** The agent jar's {@code Implementation-Version}; "development" when run from classes. */
    private static String agentVersion() {
        String version = Interception.class.getPackage().getImplementationVersion();
        return version != null ? version : "development";
    }
}
