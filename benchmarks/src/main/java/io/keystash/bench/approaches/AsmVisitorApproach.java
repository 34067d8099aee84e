package io.keystash.bench.approaches;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.utility.OpenedClassReader;

import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.function.UnaryOperator;

/**
 * A hand-written visitor on Byte Buddy's repackaged ASM, no Byte Buddy API: it puts at the start
 * of {@code System.getenv(String)} "return the served value if there is one"; every other method
 * is copied as it is.
 */
final class AsmVisitorApproach {
    private AsmVisitorApproach() {
    }

    static void install(Instrumentation instrumentation) throws UnmodifiableClassException {
        // an anonymous class, not a method reference: a first lambda would add its bootstrap to the row
        SystemRetransformation.apply(instrumentation, new UnaryOperator<byte[]>() {
            @Override
            public byte[] apply(byte[] system) {
                return servedFirst(system);
            }
        });
    }

    static byte[] servedFirst(byte[] system) {
        ClassReader reader = OpenedClassReader.of(system);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(OpenedClassReader.ASM_API, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                return "getenv".equals(name) && "(Ljava/lang/String;)Ljava/lang/String;".equals(descriptor)
                        ? new ServedFirst(method) : method;
            }
        }, 0);
        return writer.toByteArray();
    }

    /**
     * Before the method's own code: {@code Object f = System.getProperties().get(PROPERTY); if (f
     * instanceof Function) { Object v = ((Function) f).apply(name); if (v != null) return (String) v; }}
     */
    private static final class ServedFirst extends MethodVisitor {
        ServedFirst(MethodVisitor method) {
            super(OpenedClassReader.ASM_API, method);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            Label original = new Label();
            super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "getProperties", "()Ljava/util/Properties;", false);
            super.visitLdcInsn(ServedValues.PROPERTY);
            super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/util/Properties", "get", "(Ljava/lang/Object;)Ljava/lang/Object;", false);
            super.visitInsn(Opcodes.DUP);
            super.visitTypeInsn(Opcodes.INSTANCEOF, "java/util/function/Function");
            super.visitJumpInsn(Opcodes.IFEQ, original);
            super.visitTypeInsn(Opcodes.CHECKCAST, "java/util/function/Function");
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/function/Function", "apply", "(Ljava/lang/Object;)Ljava/lang/Object;", true);
            super.visitInsn(Opcodes.DUP);
            super.visitJumpInsn(Opcodes.IFNULL, original);
            super.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/String");
            super.visitInsn(Opcodes.ARETURN);
            // both jumps arrive with one Object on the stack: the property, or the null served value
            super.visitLabel(original);
            super.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {"java/lang/Object"});
            super.visitInsn(Opcodes.POP);
        }
    }
}
