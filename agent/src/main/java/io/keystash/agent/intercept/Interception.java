package io.keystash.agent.intercept;

import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.Map;
import java.util.Set;

/**
 * Installs the interception: defines the holder, then redefines {@code System} and
 * {@code ProcessBuilder} with their environment calls pointing at it ({@link JdkPatches}).
 *
 * <p>{@code redefineClasses} (not a retransforming {@code ClassFileTransformer}) makes the
 * rewritten classes the new baseline: another agent that retransforms {@code System} later starts
 * from our bytes instead of silently dropping the interception, and no transformer stays
 * registered to be called for every class the program loads.
 */
public final class Interception {
    private Interception() {
    }

    /**
     * @param programEnvironment what {@code System.getenv()} returns from now on (unmodifiable)
     * @param childAdditions     variables added to the environment a child inherits
     * @param hidden             variables removed from the environment a child inherits
     */
    public static void install(Instrumentation instrumentation, Map<String, String> programEnvironment,
                               Map<String, String> childAdditions, Set<String> hidden) throws InterceptionException {
        if (!instrumentation.isRedefineClassesSupported()) {
            throw new InterceptionException("this JVM does not allow the agent to redefine classes");
        }
        byte[] system = JdkPatches.system(ClassFiles.of(System.class));
        byte[] processBuilder = JdkPatches.processBuilder(ClassFiles.of(ProcessBuilder.class));
        BootDefinition.defineHolder(instrumentation, programEnvironment, childAdditions, hidden);
        try {
            instrumentation.redefineClasses(new ClassDefinition(System.class, system),
                    new ClassDefinition(ProcessBuilder.class, processBuilder));
        } catch (ClassNotFoundException | UnmodifiableClassException | RuntimeException | LinkageError e) {
            throw new InterceptionException("cannot redefine java.lang.System: " + e, e);
        }
    }
}
