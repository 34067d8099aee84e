package io.keystash.agent.intercept;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.asm.MemberSubstitution;
import net.bytebuddy.build.RenamingPlugin;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static net.bytebuddy.matcher.ElementMatchers.hasDescriptor;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;

/**
 * Builds the {@link InterceptedClasses} from the JDK's own class files with Byte Buddy: the holder
 * renamed into {@code java.lang} ({@link RenamingPlugin}), and in {@code System} and
 * {@code ProcessBuilder} the four calls of {@link #CALL_SITES} redirected to the holder
 * ({@link MemberSubstitution}).
 *
 * <p>The only class of the agent that refers to Byte Buddy, so a start served from the cache never
 * loads it. Lean on purpose: no {@code AgentBuilder}, no transformer left registered, every type
 * described through a {@link TypePool} reading class files (nothing is loaded, so no
 * {@code ClassCircularityError}), no type validation or method graph, no frames recomputed (a
 * substituted call has the same descriptor, so javac's frames stay valid), and an implementation
 * context that refuses to add a member. {@code failIfNoMatch} makes a JDK whose method no longer
 * makes the expected call fail here, rather than run half protected.
 */
final class ByteBuddyTransformation {
    private static final String HOLDER_SOURCE = "io.keystash.agent.boot.KeystashEnvironment";
    /** The holder's package and its two stand-ins (see {@code boot}) move to {@code java.lang}. */
    private static final String BOOT_PACKAGE_PATTERN = "^io\\.keystash\\.agent\\.boot\\.([A-Za-z]+)$";
    private static final String PROCESS_ENVIRONMENT = "java/lang/ProcessEnvironment";
    private static final String MAP_RESULT = "()Ljava/util/Map;";

    private ByteBuddyTransformation() {
    }

    /**
     * @param system         the JDK's {@code java/lang/System.class}
     * @param processBuilder the JDK's {@code java/lang/ProcessBuilder.class}
     * @param holderSource   the agent's {@code io/keystash/agent/boot/KeystashEnvironment.class}
     */
    static InterceptedClasses transform(byte[] system, byte[] processBuilder, byte[] holderSource)
            throws InterceptionException {
        try {
            ByteBuddy byteBuddy = new ByteBuddy(ClassFileVersion.JAVA_V17)
                    .with(TypeValidation.DISABLED)
                    .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
                    .with(Implementation.Context.Disabled.Factory.INSTANCE);
            ClassFileLocator boot = ClassFileLocator.ForClassLoader.ofBootLoader();
            byte[] holder = renamedHolder(byteBuddy, boot, holderSource);

            Map<String, byte[]> given = new HashMap<>();
            given.put(InterceptedClasses.SYSTEM.replace('/', '.'), system);
            given.put(InterceptedClasses.PROCESS_BUILDER.replace('/', '.'), processBuilder);
            given.put(InterceptedClasses.HOLDER.replace('/', '.'), holder);
            ClassFileLocator locator = new ClassFileLocator.Compound(new ClassFileLocator.Simple(given), boot);
            TypePool pool = TypePool.Default.of(locator);
            TypeDescription holderType = pool.describe(InterceptedClasses.HOLDER.replace('/', '.')).resolve();
            return new InterceptedClasses(
                    redirect(byteBuddy, pool, locator, InterceptedClasses.SYSTEM, holderType),
                    redirect(byteBuddy, pool, locator, InterceptedClasses.PROCESS_BUILDER, holderType),
                    holder);
        } catch (IllegalStateException | IllegalArgumentException | UnsupportedOperationException e) {
            // Byte Buddy's way of saying a type, member or expected call is missing.
            throw new InterceptionException("unsupported JDK " + Runtime.version() + ": " + e.getMessage(), e);
        }
    }

    /** The holder as {@code java.lang.KeystashEnvironment}, its stand-ins now naming the JDK's classes. */
    private static byte[] renamedHolder(ByteBuddy byteBuddy, ClassFileLocator boot, byte[] holderSource) {
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(HOLDER_SOURCE, holderSource), boot);
        TypePool pool = TypePool.Default.of(locator);
        DynamicType.Unloaded<?> renamed = byteBuddy.redefine(pool.describe(HOLDER_SOURCE).resolve(), locator)
                .visit(new RenamingPlugin(BOOT_PACKAGE_PATTERN, "java.lang.$1"))
                .make(pool);
        return renamed.getBytes();
    }

    /** {@code type} with each of its {@link CallSite}s calling the holder's method of the same name and descriptor. */
    private static byte[] redirect(ByteBuddy byteBuddy, TypePool pool, ClassFileLocator locator, String type,
                                   TypeDescription holder) throws InterceptionException {
        TypeDescription instrumented = pool.describe(type.replace('/', '.')).resolve();
        DynamicType.Builder<?> builder = byteBuddy.redefine(instrumented, locator);
        for (CallSite site : CALL_SITES) {
            if (!site.type().equals(type)) {
                continue;
            }
            ElementMatcher.Junction<MethodDescription> caller = named(site.callerName()).and(hasDescriptor(site.callerDescriptor()));
            if (instrumented.getDeclaredMethods().filter(caller).size() != 1) {
                throw new InterceptionException("unsupported JDK " + Runtime.version() + ": no method " + site.caller());
            }
            MethodList<MethodDescription.InDefinedShape> replacement = holder.getDeclaredMethods()
                    .filter(named(site.name()).and(hasDescriptor(site.descriptor())));
            AsmVisitorWrapper substitution = MemberSubstitution.strict()
                    .failIfNoMatch(true)
                    .method(named(site.name()).and(hasDescriptor(site.descriptor()))
                            .and(isDeclaredBy(named(site.owner().replace('/', '.')))))
                    .replaceWith(replacement.getOnly())
                    .on(caller);
            builder = builder.visit(substitution);
        }
        return builder.make(pool).getBytes();
    }

    /**
     * A call the agent redirects: in {@code type}'s method {@code callerName callerDescriptor}, the
     * static call of {@code owner.name descriptor} becomes a call of the holder's method of the
     * same name and descriptor. Names are internal ({@code java/lang/System}).
     */
    record CallSite(String type, String callerName, String callerDescriptor, String owner, String name,
                    String descriptor) {
        String caller() {
            return type.replace('/', '.') + "." + callerName + callerDescriptor;
        }
    }

    /**
     * {@code System.getenv(String)} and {@code System.getenv()} answer from the program's map;
     * {@code ProcessBuilder.environment()} starts from the child's view; {@code ProcessBuilder.start}
     * makes an inherited (null) environment explicit, because null would hand the real OS
     * environment, unlock variables included, to the child.
     */
    static final List<CallSite> CALL_SITES = List.of(
            new CallSite(InterceptedClasses.SYSTEM, "getenv", "(Ljava/lang/String;)Ljava/lang/String;",
                    PROCESS_ENVIRONMENT, "getenv", "(Ljava/lang/String;)Ljava/lang/String;"),
            new CallSite(InterceptedClasses.SYSTEM, "getenv", MAP_RESULT, PROCESS_ENVIRONMENT, "getenv", MAP_RESULT),
            new CallSite(InterceptedClasses.PROCESS_BUILDER, "environment", MAP_RESULT,
                    PROCESS_ENVIRONMENT, "environment", MAP_RESULT),
            new CallSite(InterceptedClasses.PROCESS_BUILDER, "start", "([Ljava/lang/ProcessBuilder$Redirect;)Ljava/lang/Process;",
                    "java/lang/ProcessImpl", "start", "([Ljava/lang/String;Ljava/util/Map;Ljava/lang/String;"
                            + "[Ljava/lang/ProcessBuilder$Redirect;Z)Ljava/lang/Process;"));
}
