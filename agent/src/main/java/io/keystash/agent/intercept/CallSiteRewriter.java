package io.keystash.agent.intercept;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.Remapper;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the {@link InterceptedClasses} from the JDK's own class files with ASM, the copy Byte
 * Buddy ships ({@code net.bytebuddy.jar.asm}): the holder renamed into {@code java.lang}, and in
 * {@code System} and {@code ProcessBuilder} the four calls of {@link #CALL_SITES} redirected to
 * the holder.
 *
 * <p>Why ASM and not Byte Buddy's own API: each redirection is one instruction whose owner changes
 * (a static call becomes a static call with the same name and descriptor), which a visitor of a
 * few lines does exactly. Byte Buddy's {@code MemberSubstitution} and {@code RenamingPlugin} did
 * the same work but loaded about a thousand of its classes to do it: a start without a usable
 * class cache (the first on a JDK build, or every start in a fresh container) cost 400 ms more
 * than one with it; with ASM, about 40 classes and 10–15 ms more than a start with the cache. The rules stay strict: each caller must exist exactly once and make the expected call
 * at least once, and the holder must declare the replacement, or the JDK is refused rather than
 * run half protected. Unchanged methods are copied as they are; no frame or stack size changes,
 * so none is recomputed (nothing is loaded while rewriting).
 */
final class CallSiteRewriter {
    /** The agent's package of classes that become {@code java.lang} classes (see {@code boot}). */
    private static final String BOOT_PACKAGE = "io/keystash/agent/boot/";
    private static final String PROCESS_ENVIRONMENT = "java/lang/ProcessEnvironment";
    private static final String MAP_RESULT = "()Ljava/util/Map;";
    /**
     * ASM's API level. Plain ASM classes only (not Byte Buddy's {@code OpenedClassReader}), so the
     * minimized jar keeps ASM's few dozen classes and none of Byte Buddy's own.
     */
    private static final int ASM_API = Opcodes.ASM9;

    private CallSiteRewriter() {
    }

    /**
     * @param system         the JDK's {@code java/lang/System.class}
     * @param processBuilder the JDK's {@code java/lang/ProcessBuilder.class}
     * @param holderSource   the agent's {@code io/keystash/agent/boot/KeystashEnvironment.class}
     */
    static InterceptedClasses transform(byte[] system, byte[] processBuilder, byte[] holderSource)
            throws InterceptionException {
        try {
            byte[] holder = renamedHolder(holderSource);
            Set<String> replacements = staticMethods(holder);
            return new InterceptedClasses(redirect(system, InterceptedClasses.SYSTEM, replacements),
                    redirect(processBuilder, InterceptedClasses.PROCESS_BUILDER, replacements), holder);
        } catch (IllegalArgumentException | IllegalStateException | ArrayIndexOutOfBoundsException e) {
            // ASM's way of saying a class file is of an unknown version or malformed.
            throw new InterceptionException("unsupported JDK " + Runtime.version() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The holder as {@code java.lang.KeystashEnvironment}, its stand-ins now naming the JDK's
     * classes; written anew, so that only the constants in use remain.
     */
    private static byte[] renamedHolder(byte[] holderSource) {
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(holderSource).accept(new ClassRemapper(writer, new BootToJavaLang()), 0);
        return writer.toByteArray();
    }

    /** {@code io/keystash/agent/boot/X} → {@code java/lang/X}; every other name as it is. */
    private static final class BootToJavaLang extends Remapper {
        BootToJavaLang() {
            super(ASM_API);
        }

        @Override
        public String map(String internalName) {
            if (internalName.startsWith(BOOT_PACKAGE) && internalName.indexOf('/', BOOT_PACKAGE.length()) < 0) {
                return "java/lang/" + internalName.substring(BOOT_PACKAGE.length());
            }
            return internalName;
        }
    }

    /** Name + descriptor of every static method {@code classFile} declares. */
    private static Set<String> staticMethods(byte[] classFile) {
        Set<String> methods = new HashSet<>();
        new ClassReader(classFile).accept(new ClassVisitor(ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                if ((access & Opcodes.ACC_STATIC) != 0) {
                    methods.add(name + descriptor);
                }
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return methods;
    }

    /** {@code type}'s class file with each of its {@link CallSite}s calling the holder instead. */
    private static byte[] redirect(byte[] classFile, String type, Set<String> replacements) throws InterceptionException {
        List<CallSite> sites = new ArrayList<>();
        for (CallSite site : CALL_SITES) {
            if (!site.type().equals(type)) {
                continue;
            }
            if (!replacements.contains(site.name() + site.descriptor())) {
                throw new InterceptionException("the agent's holder declares no static " + site.name() + site.descriptor());
            }
            sites.add(site);
        }
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        Redirections redirections = new Redirections(writer, sites);
        reader.accept(redirections, 0);
        for (int i = 0; i < sites.size(); i++) {
            CallSite site = sites.get(i);
            if (redirections.callers[i] != 1) {
                throw new InterceptionException("unsupported JDK " + Runtime.version() + ": no method " + site.caller()
                        + (redirections.callers[i] > 1 ? " (more than one)" : ""));
            }
            if (redirections.redirected[i] == 0) {
                throw new InterceptionException("unsupported JDK " + Runtime.version() + ": " + site.caller()
                        + " no longer calls " + site.owner().replace('/', '.') + "." + site.name() + site.descriptor());
            }
        }
        return writer.toByteArray();
    }

    /** Counts each site's caller and redirected calls while the class is copied. */
    private static final class Redirections extends ClassVisitor {
        private final List<CallSite> sites;
        final int[] callers;
        final int[] redirected;

        Redirections(ClassVisitor next, List<CallSite> sites) {
            super(ASM_API, next);
            this.sites = sites;
            this.callers = new int[sites.size()];
            this.redirected = new int[sites.size()];
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
            for (int i = 0; i < sites.size(); i++) {
                CallSite site = sites.get(i);
                if (site.callerName().equals(name) && site.callerDescriptor().equals(descriptor)) {
                    callers[i]++;
                    method = new Redirecting(method, site, redirected, i);
                }
            }
            return method;
        }
    }

    /** In one caller, the site's static call becomes the same call on the holder. */
    private static final class Redirecting extends MethodVisitor {
        private final CallSite site;
        private final int[] redirected;
        private final int index;

        Redirecting(MethodVisitor next, CallSite site, int[] redirected, int index) {
            super(ASM_API, next);
            this.site = site;
            this.redirected = redirected;
            this.index = index;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (opcode == Opcodes.INVOKESTATIC && !isInterface && site.owner().equals(owner)
                    && site.name().equals(name) && site.descriptor().equals(descriptor)) {
                redirected[index]++;
                super.visitMethodInsn(Opcodes.INVOKESTATIC, InterceptedClasses.HOLDER, name, descriptor, false);
            } else {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            }
        }
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
