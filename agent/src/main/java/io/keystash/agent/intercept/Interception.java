package io.keystash.agent.intercept;

import io.keystash.agent.cache.CacheKey;
import io.keystash.agent.cache.ClassFileCache;

import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Installs the interception in two steps, so the first can run while another thread reads the
 * vault: {@link #prepare} gets the {@link InterceptedClasses} (from the cache, else from
 * {@link CallSiteRewriter}, then cached), defines the holder and hands it the empty maps of its
 * first version, none of which needs the vault; {@link #install} fills the maps, then redefines
 * {@code System} and {@code ProcessBuilder} to call the holder. Until {@link #install}, the JDK's
 * classes are unchanged and the holder is called by nothing. A reload later {@link #publish}es a
 * new version through the holder.
 *
 * <p>{@code redefineClasses} (not a retransforming {@code ClassFileTransformer}) makes the
 * rewritten classes the new baseline: another agent that retransforms {@code System} later starts
 * from our bytes instead of silently dropping the interception, and no transformer stays
 * registered to be called for every class the program loads.
 *
 * <p>This class refers to {@link CallSiteRewriter} only through a static call with JDK and agent
 * types, so the JVM loads no class of ASM unless that call runs (a cold start).
 */
public final class Interception {
    private static final String HOLDER_SOURCE = "/io/keystash/agent/boot/KeystashEnvironment.class";
    /** The rewriting's class files: a change to any of them must not meet classes cached by another. */
    private static final String[] REWRITER = {"/io/keystash/agent/intercept/CallSiteRewriter.class",
        "/io/keystash/agent/intercept/CallSiteRewriter$Redirections.class",
        "/io/keystash/agent/intercept/CallSiteRewriter$Redirecting.class",
        "/io/keystash/agent/intercept/CallSiteRewriter$BootToJavaLang.class"};
    /**
     * The ASM classes that read and write the rewritten classes (Byte Buddy's copy; the shade
     * plugin relocates these names with the classes). Another Byte Buddy release brings another
     * ASM, whose output must not meet classes cached by this one even under the same agent
     * version (a snapshot build). Known by size and CRC-32 from the jar's directory: nothing of
     * ASM is read or loaded on a warm start.
     */
    private static final String[] ASM = {"/net/bytebuddy/jar/asm/ClassReader.class",
        "/net/bytebuddy/jar/asm/ClassWriter.class",
        "/net/bytebuddy/jar/asm/SymbolTable.class",
        "/net/bytebuddy/jar/asm/MethodWriter.class",
        "/net/bytebuddy/jar/asm/commons/ClassRemapper.class",
        "/net/bytebuddy/jar/asm/commons/MethodRemapper.class",
        "/net/bytebuddy/jar/asm/commons/Remapper.class"};

    private final Instrumentation instrumentation;
    private final InterceptedClasses classes;
    private final Class<?> holder;
    private final ConcurrentHashMap<String, String> programEnvironment;
    private final ConcurrentHashMap<String, String> childAdditions;
    private final ConcurrentHashMap<String, AtomicLong[]> served;
    private final String origin;
    private boolean installed;
    private Method publish;

    private Interception(Instrumentation instrumentation, InterceptedClasses classes, Class<?> holder,
                         ConcurrentHashMap<String, String> programEnvironment,
                         ConcurrentHashMap<String, String> childAdditions,
                         ConcurrentHashMap<String, AtomicLong[]> served, String origin) {
        this.instrumentation = instrumentation;
        this.classes = classes;
        this.holder = holder;
        this.programEnvironment = programEnvironment;
        this.childAdditions = childAdditions;
        this.served = served;
        this.origin = origin;
    }

    /**
     * Everything that does not depend on the vault: opens {@code java.lang} to the definer, gets
     * the transformed classes, defines the holder and hands it its (still empty) maps. Once per
     * JVM (a second holder cannot be defined).
     *
     * @param hidden variables removed from the environment a child inherits
     * @param cache  where transformed classes are kept between starts
     * @param reads  the read map's hooks
     */
    public static Interception prepare(Instrumentation instrumentation, Set<String> hidden, ClassFileCache cache,
                                       ReadHooks reads) throws InterceptionException {
        if (!instrumentation.isRedefineClassesSupported()) {
            throw new InterceptionException("this JVM does not allow the agent to redefine classes");
        }
        byte[][] own = ClassFiles.read(Interception.class, HOLDER_SOURCE,
                "/" + BootDefinition.DEFINER.replace('.', '/') + ".class");
        Function<byte[], Class<?>> definer = BootDefinition.definer(instrumentation, own[1]);
        byte[] system = ClassFiles.of(System.class);
        byte[] processBuilder = ClassFiles.of(ProcessBuilder.class);
        byte[] holderSource = own[0];
        CacheKey key = cacheKey(agentVersion(), system, processBuilder, holderSource,
                ClassFiles.read(Interception.class, REWRITER), ClassFiles.sizesAndCrcs(Interception.class, ASM));

        ClassFileCache.Lookup lookup = cache.load(key, InterceptedClasses.NAMES);
        InterceptedClasses classes;
        String origin;
        if (lookup.found()) {
            classes = InterceptedClasses.of(lookup.classes());
            origin = lookup.note();
        } else {
            classes = CallSiteRewriter.transform(system, processBuilder, holderSource);
            origin = "classes rewritten with ASM (" + lookup.note() + "), " + cache.store(key, classes.byName());
        }
        Class<?> holder = BootDefinition.defineHolder(definer, classes.holder());
        ConcurrentHashMap<String, String> programEnvironment = new ConcurrentHashMap<>();
        ConcurrentHashMap<String, String> childAdditions = new ConcurrentHashMap<>();
        ConcurrentHashMap<String, AtomicLong[]> served = new ConcurrentHashMap<>();
        BootDefinition.initialise(holder, programEnvironment, childAdditions, served, hidden, reads);
        return new Interception(instrumentation, classes, holder, programEnvironment, childAdditions, served, origin);
    }

    /**
     * The cache key over every input of the rewriting: the agent's version, the JDK's two class
     * files, the holder, the rewriter's class files and the ASM classes' sizes and CRC-32s (two
     * longs each, as {@link ClassFiles#sizesAndCrcs} gives them).
     */
    static CacheKey cacheKey(String agentVersion, byte[] system, byte[] processBuilder, byte[] holder,
                             byte[][] rewriter, long[] asm) {
        CacheKey.Builder builder = CacheKey.builder().text(agentVersion).bytes(system).bytes(processBuilder).bytes(holder);
        for (byte[] classFile : rewriter) {
            builder.bytes(classFile);
        }
        for (int i = 0; i < asm.length; i += 2) {
            builder.checksum(asm[i], asm[i + 1]);
        }
        return builder.build();
    }

    /** The names of the ASM classes the key covers, as the agent reads them. */
    static String[] asmClassFiles() {
        return ASM.clone();
    }

    /** The names of the rewriter's class files the key covers. */
    static String[] rewriterClassFiles() {
        return REWRITER.clone();
    }

    /** One line for {@code verbose=true}: where the classes came from. */
    public String origin() {
        return origin;
    }

    /**
     * Fills the holder's maps with what the program and its children see, then redefines
     * {@code System} and {@code ProcessBuilder}. Once.
     *
     * @param programEnvironment what {@code System.getenv()} shows from now on (no null names or values)
     * @param childAdditions     variables added to the environment a child inherits
     * @param served             each variable the profile serves → its read counters
     */
    public void install(Map<String, String> programEnvironment, Map<String, String> childAdditions,
                        Map<String, AtomicLong[]> served) throws InterceptionException {
        if (installed) {
            throw new IllegalStateException("installed already");
        }
        installed = true;
        this.programEnvironment.putAll(programEnvironment);
        this.childAdditions.putAll(childAdditions);
        this.served.putAll(served);
        try {
            instrumentation.redefineClasses(new ClassDefinition(System.class, classes.system()),
                    new ClassDefinition(ProcessBuilder.class, classes.processBuilder()));
        } catch (ClassNotFoundException | UnmodifiableClassException | RuntimeException | LinkageError e) {
            throw new InterceptionException("cannot redefine java.lang.System: " + e, e);
        }
    }

    /**
     * Makes a new version of what the program and its children see current, in one step (see
     * the holder, {@code boot.KeystashEnvironment}). After {@link #install}; used by reloads, off
     * the start path (the reflective lookup is made at the first call).
     */
    public synchronized void publish(Map<String, String> programEnvironment, Map<String, String> childAdditions,
                                     Map<String, AtomicLong[]> served) throws InterceptionException {
        if (!installed) {
            throw new IllegalStateException("not installed");
        }
        try {
            if (publish == null) {
                publish = holder.getMethod("publish", ConcurrentHashMap.class, Map.class, ConcurrentHashMap.class);
            }
            publish.invoke(null, new ConcurrentHashMap<>(programEnvironment), new ConcurrentHashMap<>(childAdditions),
                    new ConcurrentHashMap<>(served));
        } catch (InvocationTargetException e) {
            throw new InterceptionException("cannot publish to " + holder.getName() + ": " + e.getCause(), e);
        } catch (ReflectiveOperationException e) {
            throw new InterceptionException("cannot publish to " + holder.getName() + ": " + e, e);
        }
    }

    /** The agent jar's {@code Implementation-Version}; "development" when run from classes. */
    private static String agentVersion() {
        String version = Interception.class.getPackage().getImplementationVersion();
        return version != null ? version : "development";
    }
}
