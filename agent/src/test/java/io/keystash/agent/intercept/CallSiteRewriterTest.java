package io.keystash.agent.intercept;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The call-site rewriting on the JDK running the tests (the ITs run it in real JVMs on each JDK). */
class CallSiteRewriterTest {
    private static final String START = "([Ljava/lang/String;Ljava/util/Map;Ljava/lang/String;"
            + "[Ljava/lang/ProcessBuilder$Redirect;Z)Ljava/lang/Process;";
    private static byte[] system;
    private static byte[] processBuilder;
    private static byte[] holderSource;
    private static InterceptedClasses transformed;

    @BeforeAll
    static void transform() throws InterceptionException {
        system = ClassFiles.of(System.class);
        processBuilder = ClassFiles.of(ProcessBuilder.class);
        holderSource = ClassFiles.read(CallSiteRewriterTest.class,
                "/io/keystash/agent/boot/KeystashEnvironment.class")[0];
        transformed = CallSiteRewriter.transform(system, processBuilder, holderSource);
    }

    /** Method name + descriptor → the static calls it makes, as {@code owner.name descriptor}. */
    private static Map<String, List<String>> staticCalls(byte[] classFile) {
        Map<String, List<String>> calls = new LinkedHashMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                List<String> made = new ArrayList<>();
                calls.put(name + descriptor, made);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String methodDescriptor,
                                                boolean isInterface) {
                        if (opcode == Opcodes.INVOKESTATIC) {
                            made.add(owner + "." + method + methodDescriptor);
                        }
                    }
                };
            }
        }, 0);
        return calls;
    }

    private static String className(byte[] classFile) {
        return new ClassReader(classFile).getClassName();
    }

    @Test
    void systemGetenvCallsTheHolderInsteadOfProcessEnvironment() {
        Map<String, List<String>> calls = staticCalls(transformed.system());
        assertThat(calls.get("getenv(Ljava/lang/String;)Ljava/lang/String;"))
                .contains("java/lang/KeystashEnvironment.getenv(Ljava/lang/String;)Ljava/lang/String;")
                .doesNotContain("java/lang/ProcessEnvironment.getenv(Ljava/lang/String;)Ljava/lang/String;");
        assertThat(calls.get("getenv()Ljava/util/Map;"))
                .contains("java/lang/KeystashEnvironment.getenv()Ljava/util/Map;")
                .doesNotContain("java/lang/ProcessEnvironment.getenv()Ljava/util/Map;");
        assertThat(String.valueOf(calls)).doesNotContain("java/lang/ProcessEnvironment");
    }

    @Test
    void processBuilderStartsFromTheHoldersEnvironmentAndStartsThroughIt() {
        Map<String, List<String>> calls = staticCalls(transformed.processBuilder());
        assertThat(calls.get("environment()Ljava/util/Map;"))
                .contains("java/lang/KeystashEnvironment.environment()Ljava/util/Map;")
                .doesNotContain("java/lang/ProcessEnvironment.environment()Ljava/util/Map;");
        assertThat(calls.get("start([Ljava/lang/ProcessBuilder$Redirect;)Ljava/lang/Process;"))
                .contains("java/lang/KeystashEnvironment.start" + START)
                .doesNotContain("java/lang/ProcessImpl.start" + START);
        assertThat(String.valueOf(calls)).doesNotContain("java/lang/ProcessImpl.start");
    }

    @Test
    void everythingElseIsUnchanged() {
        for (byte[][] pair : new byte[][][] {{system, transformed.system()}, {processBuilder, transformed.processBuilder()}}) {
            Map<String, List<String>> before = staticCalls(pair[0]);
            Map<String, List<String>> after = staticCalls(pair[1]);
            assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
            long changed = before.keySet().stream().filter(method -> !before.get(method).equals(after.get(method))).count();
            assertThat(changed).as("methods whose calls changed in %s", className(pair[0])).isEqualTo(2);
            assertThat(className(pair[1])).isEqualTo(className(pair[0]));
            assertThat(new ClassReader(pair[1]).readUnsignedShort(6)).as("class file version")
                    .isEqualTo(new ClassReader(pair[0]).readUnsignedShort(6));
        }
    }

    @Test
    void theHolderIsRenamedIntoJavaLangAndCallsTheJdksClasses() {
        assertThat(className(transformed.holder())).isEqualTo("java/lang/KeystashEnvironment");
        Map<String, List<String>> calls = staticCalls(transformed.holder());
        assertThat(calls.get("environment()Ljava/util/Map;"))
                .containsExactly("java/lang/ProcessEnvironment.environment()Ljava/util/Map;");
        assertThat(calls.get("start" + START)).contains("java/lang/ProcessImpl.start" + START);
        assertThat(calls.keySet()).contains("install([Ljava/lang/Object;)V",
                "publish(Ljava/util/concurrent/ConcurrentHashMap;Ljava/util/Map;Ljava/util/concurrent/ConcurrentHashMap;)V",
                "getenv(Ljava/lang/String;)Ljava/lang/String;", "getenv()Ljava/util/Map;");
        // written anew: not even an unused constant names the agent's package
        String text = new String(transformed.holder(), StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain("io/keystash").doesNotContain("io.keystash");
    }

    @Test
    void theResultIsTheSameEveryTime() throws InterceptionException {
        InterceptedClasses again = CallSiteRewriter.transform(system, processBuilder, holderSource);
        assertThat(again.system()).isEqualTo(transformed.system());
        assertThat(again.processBuilder()).isEqualTo(transformed.processBuilder());
        assertThat(again.holder()).isEqualTo(transformed.holder());
    }

    @Test
    void aClassWithoutTheExpectedMethodIsRefusedNamingIt() throws InterceptionException {
        byte[] notSystem = ClassFiles.of(String.class);
        assertThatThrownBy(() -> CallSiteRewriter.transform(notSystem, processBuilder, holderSource))
                .isInstanceOf(InterceptionException.class).hasMessageContaining("unsupported JDK")
                .hasMessageContaining("getenv");
    }

    @Test
    void aMethodThatNoLongerMakesTheExpectedCallIsRefused() {
        // The transformed System given again: its getenv methods no longer call ProcessEnvironment.
        assertThatThrownBy(() -> CallSiteRewriter.transform(transformed.system(), processBuilder, holderSource))
                .isInstanceOf(InterceptionException.class).hasMessageContaining("unsupported JDK")
                .hasMessageContaining("java.lang.System.getenv(Ljava/lang/String;)Ljava/lang/String; no longer calls "
                        + "java.lang.ProcessEnvironment.getenv");
    }

    @Test
    void aClassFileOfAnUnknownVersionIsRefusedAsAnUnsupportedJdk() {
        byte[] fromTheFuture = system.clone();
        fromTheFuture[6] = (byte) 0x7F; // major version 0x7Fxx: no ASM reads it
        assertThatThrownBy(() -> CallSiteRewriter.transform(fromTheFuture, processBuilder, holderSource))
                .isInstanceOf(InterceptionException.class).hasMessageContaining("unsupported JDK");
    }

    @Test
    void theRewrittenClassesPassTheVerifierOfANonBootLoader() throws Exception {
        // The JVM does not verify boot classes: define copies under other names in a class loader
        // of our own, whose classes are verified, and link them. A stack or frame the rewriting got
        // wrong would throw VerifyError here instead of crashing a program.
        Map<String, byte[]> renamed = new LinkedHashMap<>();
        for (byte[] classFile : new byte[][] {transformed.system(), transformed.processBuilder(), transformed.holder()}) {
            String name = className(classFile);
            String copy = "verify/" + name.substring(name.lastIndexOf('/') + 1);
            ClassWriter writer = new ClassWriter(0);
            new ClassReader(classFile).accept(new net.bytebuddy.jar.asm.commons.ClassRemapper(writer,
                    new net.bytebuddy.jar.asm.commons.SimpleRemapper(Opcodes.ASM9, name, copy)), 0);
            renamed.put(copy.replace('/', '.'), writer.toByteArray());
        }
        ClassLoader verifying = new ClassLoader(null) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = renamed.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        for (String name : renamed.keySet()) {
            Class<?> copy = Class.forName(name, false, verifying);
            assertThat(copy.getDeclaredMethods()).as("%s linked", name).isNotEmpty();
        }
    }
}
